package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// deliverNotices gives each user a reminder notice, under a reminder key of its own.
func deliverNotices(t *testing.T, db *store.DB, day int, users ...string) {
	t.Helper()
	ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
	var ns []store.Notice
	for _, u := range users {
		ns = append(ns, store.Notice{User: u, Kind: "reminder", Subject: "Påminnelse " + time.Duration(day).String(), Body: "Text", Link: periodPath + "/arbetsflode"})
	}
	k := []store.ReminderKey{{Period: ref, Deadline: time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC), Days: day}}
	if ok, err := db.DeliverReminder(context.Background(), k, ns, false); err != nil || !ok {
		t.Fatalf("deliver: %v %v", ok, err)
	}
}

// headerLink is the header's link to /aviseringar with n unread.
func headerLink(n string) string {
	if n == "" {
		return `<a href="/aviseringar">Aviseringar</a>`
	}
	return `<a href="/aviseringar">Aviseringar (` + n + `<span class="visually-hidden"> olästa</span>)</a>`
}

// TestNotificationsUnreadCount: the header of every page shows the signed-in user's own
// number of unread notices; viewing the list marks those shown read, the new ones marked
// "Ny" that once; the count a server keeps is dropped when the list is read, and a site
// keeping none shows a new notice at once.
func TestNotificationsUnreadCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		for d := 1; d <= 3; d++ {
			deliverNotices(t, db, d, "rapportor")
		}
		deliverNotices(t, db, 4, "lasare")
		rep, las := login(t, srv, "rapportor"), login(t, srv, "lasare")
		for _, path := range []string{"/mitt-konto", "/", periodPath} {
			status, _, page := getAs(t, rep, srv.URL+path)
			if status != http.StatusOK || !strings.Contains(page, headerLink("3")) {
				t.Errorf("%s: %d, header without 3 unread:\n%.1500s", path, status, page)
			}
		}
		if _, _, page := getAs(t, las, srv.URL+"/mitt-konto"); !strings.Contains(page, headerLink("1")) {
			t.Errorf("lasare's header without 1 unread")
		}
		status, _, page := getAs(t, rep, srv.URL+"/aviseringar")
		if status != http.StatusOK || strings.Count(page, `<span class="new-mark">Ny</span>`) != 3 || !strings.Contains(page, headerLink("")) {
			t.Errorf("the list: %d, %d marked new, header %v:\n%s", status, strings.Count(page, `class="new-mark"`), strings.Contains(page, headerLink("")), page)
		}
		if _, _, page := getAs(t, rep, srv.URL+"/mitt-konto"); !strings.Contains(page, headerLink("")) {
			t.Errorf("after reading the list the header still counts unread")
		}
		if _, _, page := getAs(t, rep, srv.URL+"/aviseringar"); strings.Contains(page, `class="new-mark"`) || strings.Count(page, `<article class="notification`) != 3 {
			t.Errorf("the second view marks notices new, or lost them:\n%s", page)
		}
		if _, _, page := getAs(t, las, srv.URL+"/mitt-konto"); !strings.Contains(page, headerLink("1")) {
			t.Errorf("rapportor's reading changed lasare's count")
		}
		// A notice that comes while the count is kept shows after the TTL, or when the list
		// is read; a site that keeps no count shows it at once.
		deliverNotices(t, db, 5, "rapportor")
		if _, _, page := getAs(t, rep, srv.URL+"/mitt-konto"); !strings.Contains(page, headerLink("")) {
			t.Errorf("the kept count was not used")
		}
		h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{UnreadTTL: -1})
		if err != nil {
			t.Fatal(err)
		}
		fresh := httptest.NewServer(h)
		defer fresh.Close()
		rep2 := login(t, fresh, "rapportor")
		if _, _, page := getAs(t, rep2, fresh.URL+"/mitt-konto"); !strings.Contains(page, headerLink("1")) {
			t.Errorf("a site keeping no count: header without the new notice")
		}
		if _, _, page := getAs(t, rep, srv.URL+"/aviseringar"); strings.Count(page, `<span class="new-mark">Ny</span>`) != 1 {
			t.Errorf("the new notice is not marked new:\n%s", page)
		}
		if n, err := db.UnreadNotices(context.Background(), "rapportor"); err != nil || n != 0 {
			t.Errorf("after the list: %d unread, %v", n, err)
		}
	})
}
