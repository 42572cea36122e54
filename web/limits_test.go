package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// TestPreviewIsNotCached: the edit form's preview shows the rendered text but leaves it
// out of the Markdown cache, which holds saved texts only; a large text previews too.
func TestPreviewIsNotCached(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/mal/nm-skattemedel"
	v := formVersion(t, cookie, u)
	for _, analysis := range []string{
		"Förhandsgranskad **analys** i " + t.Name() + ".",
		"Förhandsgranskad **analys**, lång.\n\n" + strings.Repeat("Ett stycke text om målet. ", 40000), // about 1 MB
	} {
		code, page := postAs(t, cookie, u, url.Values{"version": {v}, "bedomning": {"partly"}, "analys": {analysis}, "atgard": {"forhandsgranska"}})
		if code != http.StatusOK || !strings.Contains(page, "Förhandsgranskad <strong>analys</strong>") {
			t.Errorf("preview of %d bytes: %d", len(analysis), code)
		}
		if markdown.Cached(analysis, 3) {
			t.Errorf("the preview of %d bytes is cached", len(analysis))
		}
	}
}

// TestEditFormTooLarge: an edit form's post above 2 MB is refused with 413 and a page that
// says so, and nothing is saved.
func TestEditFormTooLarge(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/mal/nm-skattemedel"
	v := formVersion(t, cookie, u)
	marker := "Alldeles för lång analys " + t.Name()
	analysis := marker + strings.Repeat("x", 2<<20)
	for _, action := range []string{"spara", "forhandsgranska"} {
		code, page := postAs(t, cookie, u, url.Values{"version": {v}, "bedomning": {"partly"}, "analys": {analysis}, "atgard": {action}})
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Formuläret är större än 2 MB: ingenting har sparats") {
			t.Errorf("%s: %d\n%.300s", action, code, text(page))
		}
	}
	if v2 := formVersion(t, cookie, u); v2 != v {
		t.Error("a refused form changed the version")
	}
	if _, _, report := getAs(t, cookie, srv.URL+periodPath+"/rapport"); strings.Contains(report, marker) {
		t.Error("the report shows the refused text")
	}
}

// TestUploadLimit: an SIE file above the configured limit is refused with 413 and a message
// that names the limit, on the site and the API, and nothing is imported; a file within
// it is read.
func TestUploadLimit(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	const limit = 8 << 10
	srv := siteWith(t, db, web.Options{MaxUpload: limit}, demoDataset(t))
	good, err := os.ReadFile(filepath.Join("..", "sie", "testdata", "kommun-4e.se"))
	if err != nil {
		t.Fatal(err)
	}
	// The same file with blank lines after it, which a reader steps over: valid as far as
	// it arrives.
	big := append(append([]byte{}, good...), bytes.Repeat([]byte("\n"), 2*limit)...)
	controller := login(t, srv, "controller")
	page := srv.URL + periodPath + "/bokforing"
	if code, body := upload(t, controller, page, "stor.se", big, "2021"); code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(body, "Filen är större än 8 kB, den största fil som kan läsas in här") || !strings.Contains(body, "Ingenting har ändrats") {
		t.Errorf("site: %d\n%s", code, text(body))
	}
	token, _, err := createToken(db, "controller")
	if err != nil {
		t.Fatal(err)
	}
	api := srv.URL + "/api/v1/municipalities/0126/units/ks/ledger?year=2021&name="
	if code, raw := sendSIE(t, api+"stor.se", "PUT", token, "application/octet-stream", big); code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(string(raw), "Filen är större än 8 kB") {
		t.Errorf("API: %d %s", code, raw)
	}
	if imports, err := db.LedgerImports(context.Background(), "0126", "ks"); err != nil || len(imports) != 0 {
		t.Errorf("a refused file was imported: %+v, %v", imports, err)
	}
	if code, body := upload(t, controller, page, "kommun-4e.se", good, "2021"); code != http.StatusOK {
		t.Errorf("site, within the limit: %d\n%s", code, text(body))
	}
	if code, raw := sendSIE(t, api+"kommun-4e.se", "PUT", token, "application/octet-stream", good); code != http.StatusOK {
		t.Errorf("API, within the limit: %d %s", code, raw)
	}
}
