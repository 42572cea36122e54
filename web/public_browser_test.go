package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// TestPublicInTheBrowser: in real Chromium with JavaScript off, a controller publishes
// the locked period from the publish button and watches the steps come in until the
// confirmation with the version and the hashes; then, signed out, a visitor opens the
// site's start page, follows the published report and downloads its open data as CSV,
// which is the file the page's SHA-256 names.
func TestPublicInTheBrowser(t *testing.T) {
	ctx := browserWithin(t, 90*time.Second)
	db := storetest.Open(t, store.SQLite)
	slow := &slowFormat{started: make(chan struct{}, 4), release: make(chan struct{})}
	srv := siteWith(t, db, web.Options{PublishFormats: []publish.Format{htmlFormat, slow.format()}}, demoDataset(t))
	lockDemo(t, db)
	d := &driver{t: t, ctx: ctx, base: srv.URL}

	d.visit("/logga-in")
	d.fill("namn", "controller", "losenord", "demo")
	d.click(`form[action="/logga-in"] button[type=submit]`)
	d.visit(periodPath + "/publicerat")
	// The button posts and the browser follows to the job's page, which streams: the
	// click returns while the PDF still renders, with the steps so far on the screen.
	d.must(chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action$="/publicerat"] button`), chromedp.NodeVisible)))
	<-slow.started
	waitFor := func(what, js string) {
		t.Helper()
		for range 400 {
			if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js)); err == nil && v == "true" {
				return
			}
			time.Sleep(25 * time.Millisecond)
		}
		d.fail("%s never showed", what)
	}
	waitFor("the PDF step", `String(document.body != null && document.body.innerText.includes("PDF …"))`)
	if steps := d.eval(`document.querySelector(".job-steps").innerText`); !strings.Contains(steps, "HTML … klart") || strings.Contains(steps, "Öppna data") {
		d.fail("the steps while the PDF renders: %q", steps)
	}
	if d.eval(`String(document.querySelector('[aria-live="polite"] .job-steps') != null)`) != "true" {
		d.fail("the steps are not in a live region")
	}
	close(slow.release)
	waitFor("the confirmation", `String(!!document.querySelector("#klar") && document.readyState === "complete")`)
	d.sees("the confirmation", "Version 1 är publicerad", "Kontrollsummor (SHA-256) och lagring … klart")
	pubs, err := db.Publications(context.Background(), demoRef)
	if err != nil || len(pubs) != 1 {
		t.Fatalf("versions: %v, %v", pubs, err)
	}
	var csvFile store.PublishedFile
	for _, f := range pubs[0].Files {
		d.sees("the confirmation's hashes", f.SHA256)
		if f.Format == "csv" {
			csvFile = f
		}
	}

	// Signed out, a visitor.
	d.click(`form[action="/logga-ut"] button`)
	d.visit("/")
	if d.eval(`String(document.querySelector('form[action="/logga-ut"]') == null)`) != "true" {
		d.fail("still signed in")
	}
	d.sees("the public start page", "Publicerade rapporter", "Huddinge kommun", "Delårsrapport per 31 augusti 2021", "Kommunstyrelsen")
	d.click(`a[href="` + publicPath + `"]`)
	d.sees("the published report's page", "Öppna data", "Licens", "CC0 1.0 Universell", csvFile.SHA256)

	dir := t.TempDir()
	allow := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return chromedp.Void{}, err
	}
	d.must(chromedp.Do(ctx, allow))
	d.must(chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="`+publicPath+`/1/csv"]`), chromedp.NodeVisible)))
	path := filepath.Join(dir, csvFile.Name)
	var data []byte
	for range 400 {
		if data, err = os.ReadFile(path); err == nil && len(data) == int(csvFile.Size) {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if err != nil {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("the CSV was not downloaded as %s: %v (the directory holds %v)", csvFile.Name, err, entries)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 10 || strings.Join(rows[0], ",") != "type,id,name,column,value,unit" {
		t.Fatalf("the downloaded CSV: %d rows, %v", len(rows), err)
	}
	if got := sha256Hex(data); got != csvFile.SHA256 {
		t.Errorf("the downloaded CSV's SHA-256 %s, the page's %s", got, csvFile.SHA256)
	}
}
