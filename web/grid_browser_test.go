package web_test

import (
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
