package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestEntryAtSpeedInTheBrowser: in real Chromium without JavaScript, at 1366 and 390 px,
// a reporter signs in and fills one indicator value in three clicks from the page the
// sign-in lands on (the period, the goal's indicators, save), then fills every forecast of
// the operating statement in one form with the keyboard alone (Tab from cell to cell,
// Enter saves), and the report shows the new figures.
func TestEntryAtSpeedInTheBrowser(t *testing.T) {
	for _, width := range []int{1366, 390} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			ctx := browserWithin(t, 2*time.Minute)
			db := storetest.Open(t, store.SQLite)
			srv := site(t, db, demoDataset(t))
			d := &driver{t: t, ctx: ctx, base: srv.URL}
			d.must(chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900)))
			shot := func(name string) {
				dir := os.Getenv("TERTIAL_TEST_KEEP")
				if dir == "" {
					return
				}
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				d.must(err)
				_ = os.WriteFile(filepath.Join(dir, name+"-"+strconv.Itoa(width)+".png"), png, 0o600)
			}

			d.visit("/logga-in")
			d.fill("namn", "rapportor", "losenord", "demo")
			d.click(`form[action="/logga-in"] button[type=submit]`)
			d.ok()
			landing := d.eval(`location.pathname`)
			clicks := 0
			click := func(sel string) {
				t.Helper()
				clicks++
				d.click(sel)
				d.ok()
			}
			// 1: the period from the landing page (the municipality's units and periods).
			click(`a[href="` + periodPath + `"]`)
			// 2: the goal's indicators, straight from the period's page.
			click(`a[href="` + periodPath + `/mal/nm-arbetsgivare/indikatorer"]`)
			shot("indicators")
			d.set("f-sjukfranvaro-ks-varde", "6,4")
			// 3: save.
			click(`main form button[value="spara"]`)
			if clicks > 3 {
				t.Errorf("filling one value took %d clicks after signing in (landing on %s), want at most 3", clicks, landing)
			}
			d.sees("the confirmation", "1 värde har sparats")
			d.visit(periodPath + "/rapport")
			if got := d.eval(`document.querySelector('#indikator-sjukfranvaro-ks td[data-col="2021"]').innerText`); !strings.HasPrefix(strings.TrimSpace(got), "6,4") {
				t.Errorf("the report shows %q for 2021, want 6,4", got)
			}

			// The whole operating statement with the keyboard.
			d.visit(periodPath)
			click(`a[href="` + periodPath + `/tabeller/drift"]`)
			shot("money-grid")
			forecasts := []struct{ row, value string }{
				{"intakter", "61 111"}, {"personal", "235 222"}, {"lokaler", "23 333"},
				{"bidrag", "7 444"}, {"kop-av-verksamhet", "79 555"}, {"ovrigt", "331 666"},
			}
			for i, f := range forecasts {
				id := "f-" + f.row + "-forecast"
				if i == 0 {
					d.tabTo(id)
				} else {
					// One Tab from the cell before: nothing else to stop at between them.
					d.must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
					if got := d.active(); got != id {
						d.fail("Tab from the forecast before went to %q, want %s", got, id)
					}
				}
				d.must(chromedp.Do(ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent(f.value)))
			}
			d.enter()
			d.ok()
			d.sees("the confirmation", "6 rader har sparats")
			shot("money-grid-saved")
			d.visit(periodPath + "/rapport")
			var want []string
			for _, f := range forecasts {
				want = append(want, f.value)
			}
			d.sees("the report", want...)
		})
	}
}

// TestLiveSumInTheBrowser: with JavaScript on, the money grid's total follows the figures
// as they are typed, through a same-origin script the page's Content-Security-Policy
// allows (and nothing inline); a figure that is not one shows no total.
func TestLiveSumInTheBrowser(t *testing.T) {
	bin := os.Getenv(BrowserEnv)
	if bin == "" {
		t.Skipf("browser tests are off: set %s", BrowserEnv)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	status, h, _ := getAs(t, session, srv.URL+periodPath+"/tabeller/drift")
	if status != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("the grid's policy %q does not allow its script", h.Get("Content-Security-Policy"))
	}
	if _, h, _ := getAs(t, session, srv.URL+periodPath); strings.Contains(h.Get("Content-Security-Policy"), "script-src") {
		t.Error("a page without a script allows scripts")
	}
	d := &driver{t: t, ctx: ctx, base: srv.URL}
	d.visit("/logga-in")
	d.fill("namn", "rapportor", "losenord", "demo")
	d.click(`form[action="/logga-in"] button[type=submit]`)
	d.visit(periodPath + "/tabeller/drift")
	total := func() string {
		return d.eval(`document.querySelector('tfoot [data-live="forecast"]').textContent`)
	}
	before := total()
	if before != "616\u00a0274" {
		t.Fatalf("the saved total is %q", before)
	}
	d.tabTo("f-personal-forecast")
	// Costs are shown positive on this row: one tkr more cost is one tkr less result,
	// which the negated total shows as one more.
	d.must(chromedp.Do(ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent("236 651")))
	if got := total(); got != "616\u00a0275" {
		t.Errorf("after typing, the total is %q, want 616 275", got)
	}
	d.must(chromedp.Do(ctx, chromedp.KeyEvent("x")))
	if got := total(); got != "–" {
		t.Errorf("with a figure that is not one, the total is %q, want –", got)
	}
}
