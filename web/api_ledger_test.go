package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// sendSIE sends a request with a raw body and a bearer token to the API.
func sendSIE(t *testing.T, url, method, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, url, ct)
	}
	return resp.StatusCode, raw
}

// TestAPILedger: a script sends the month's SIE file with a controller's token; the result
// and the list of imports are as documented; a reader may list but not send; a broken file
// is refused with its line and stores nothing.
func TestAPILedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		u := srv.URL + "/api/v1/municipalities/0126/units/ks/ledger"
		file, err := os.ReadFile(filepath.Join("..", "sie", "testdata", "kommun-4e.se"))
		if err != nil {
			t.Fatal(err)
		}
		status, raw := sendSIE(t, u+"?name=kommun-4e.se&year=2021", "PUT", tokens["controller"], "application/octet-stream", file)
		if status != 200 {
			t.Fatalf("put: %d %s", status, raw)
		}
		validate(t, "LedgerResult", raw)
		var res map[string]any
		json.Unmarshal(raw, &res)
		if res["year"] != float64(2021) || res["source"] != "sie:Unit4 ERP" || res["replaced"] != false || res["transactions"] != float64(13) || res["file_name"] != "kommun-4e.se" {
			t.Errorf("result: %s", raw)
		}
		status, raw = sendSIE(t, u, "PUT", tokens["controller"], "text/plain; charset=ibm437", file)
		if status != 200 || !strings.Contains(string(raw), `"replaced":true`) {
			t.Errorf("the same file again: %d %s", status, raw)
		}

		// Refused, each with nothing stored.
		for _, c := range []struct {
			token, contentType, query string
			body                      []byte
			status                    int
			want                      string
		}{
			{tokens["lasare"], "application/octet-stream", "", file, 403, "controller"},
			{tokens["rapportor"], "application/octet-stream", "", file, 403, "controller"},
			{tokens["controller"], "application/json", "", file, 415, "application/octet-stream"},
			{tokens["controller"], "application/octet-stream", "?year=20x1", file, 422, `"field":"year"`},
			{tokens["controller"], "application/octet-stream", "?year=2020", file, 422, "gäller räkenskapsåret 2021"},
			{tokens["controller"], "application/octet-stream", "?name=x.se", []byte("#SIETYP 4\n#RAR 0 20210101 20211231\n#TRANS 3010 {} 1.00\n"), 422, "x.se:3:"},
		} {
			status, raw := sendSIE(t, u+c.query, "PUT", c.token, c.contentType, c.body)
			if status != c.status || !strings.Contains(string(raw), c.want) {
				t.Errorf("%s %q: %d %s, want %d with %q", c.contentType, c.query, status, raw, c.status, c.want)
			}
		}
		status, raw = sendSIE(t, u, "GET", tokens["lasare"], "", nil)
		validate(t, "LedgerImports", raw)
		var list struct{ Imports []any }
		if err := json.Unmarshal(raw, &list); status != 200 || err != nil || len(list.Imports) != 1 {
			t.Fatalf("list: %d %s", status, raw)
		}
		item, _ := json.Marshal(list.Imports[0])
		if !strings.Contains(string(item), `"actor":"controller"`) || !strings.Contains(string(item), `"file_name":"SIE-fil"`) {
			t.Errorf("listed: %s", item)
		}
		if status, _ := sendSIE(t, srv.URL+"/api/v1/municipalities/0126/units/finns-inte/ledger", "GET", tokens["lasare"], "", nil); status != 404 {
			t.Errorf("unknown unit: %d", status)
		}
	})
}
