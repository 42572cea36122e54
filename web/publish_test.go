package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// TestPublishButton: a controller publishes the locked period; the page lists the version
// with each file's SHA-256, and the file served is the one hashed. Others may not publish.
func TestPublishButton(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site(t, db, demoDataset(t)) // data and accounts
		formats := []publish.Format{{Name: "html", Ext: "html", MediaType: "text/html; charset=utf-8",
			Render: func(_ context.Context, d *report.Document) ([]byte, error) { return htmlreport.Render(d) }}}
		h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{PublishFormats: formats})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()
		ctl, rep := login(t, srv, "controller"), login(t, srv, "rapportor")
		page := srv.URL + periodPath + "/publicerat"
		if code, _ := postAs(t, ctl, page, nil); code != http.StatusConflict {
			t.Errorf("publishing an open period: %d, want 409", code)
		}
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
		if err := db.LockPeriod(context.Background(), "c", ref, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		if code, _ := postAs(t, rep, page, nil); code != http.StatusForbidden {
			t.Errorf("a reporter publishes: %d, want 403", code)
		}
		if code, _ := postAs(t, ctl, page, nil); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}
		// Publishing runs in the background (TestPublishJob); its page ends on the version.
		if done := waitJob(t, ctl, page+"/publicering"); !strings.Contains(done, "Version 1 är publicerad") {
			t.Fatalf("the job's page lacks the version:\n%s", done)
		}
		_, _, list := getAs(t, ctl, page)
		if !strings.Contains(list, "Version 1, publicerad") || !strings.Contains(list, "kommunstyrelsen-2021-08.html") {
			t.Fatalf("list lacks the version")
		}
		status, hdr, body := getAs(t, rep, page+"/1/html")
		sum := sha256.Sum256([]byte(body))
		hash := hex.EncodeToString(sum[:])
		if status != http.StatusOK || hdr.Get("X-Content-SHA256") != hash || !strings.Contains(list, hash) {
			t.Errorf("served file: %d, header hash %s, body hash %s", status, hdr.Get("X-Content-SHA256"), hash)
		}
		// It needs sign-in, so no cache may keep it for someone else.
		if cc := hdr.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("published file: Cache-Control %q, want private, no-store", cc)
		}
		if !strings.Contains(body, "<h1>Delårsrapport per 31 augusti 2021</h1>") {
			t.Error("the published file is not the report")
		}
	})
}
