package web_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestGatesInTheBrowser, in real Chromium without JavaScript at 1366 and 390 px: a
// reporter sees the goals' blocking findings in words where the section is submitted,
// marks the other sections ready, withdraws one and marks it ready again; a controller
// approves them in one post, takes the goals over their findings with a reason, tries to
// lock the period, is refused with the findings listed, locks it with a reason, and the
// matrix shows the override.
func TestGatesInTheBrowser(t *testing.T) {
	for _, width := range []int64{1366, 390} {
		t.Run(strconv.FormatInt(width, 10), func(t *testing.T) {
			ctx := browserWithin(t, 3*time.Minute)
			db := storetest.Open(t, store.SQLite)
			srv := site(t, db, demoDataset(t))
			d := &driver{t: t, ctx: ctx, base: srv.URL}
			d.must(chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)))
			signIn := func(name string) {
				d.visit("/logga-in")
				if d.eval(`String(!!document.querySelector('form[action="/logga-ut"]'))`) == "true" {
					d.click(`form[action="/logga-ut"] button`)
					d.visit("/logga-in")
				}
				d.fill("namn", name, "losenord", "demo")
				d.click(`main form[action="/logga-in"] button[type=submit]`)
				d.ok()
			}
			wf := wfPage

			signIn("rapportor")
			d.visit(wf)
			d.sees("the goals' findings", "24 fynd, varav 14 blockerande", "Blockerande: Målet «Skattemedel används effektivt» saknar bedömning",
				"kan inte markeras som klart för granskning förrän de är rättade")
			if d.eval(`String(!!document.querySelector('#mal button[value="klar"]'))`) != "false" {
				d.fail("the reporter is offered to mark the goals ready")
			}
			// The finding leads to the goal's form.
			d.click(`#mal a[href$="/redigera/mal/nm-skattemedel"]`)
			d.sees("the goal's form", "Skattemedel används effektivt")
			for _, key := range []string{"ekonomi", "tabeller", "texter", "internkontroll"} {
				d.visit(wf)
				d.click(`#` + key + ` button[value="klar"]`)
				d.ok()
			}
			d.sees("after marking ready", "Intern kontroll har nu läget Klar för granskning")
			// Withdraw one before it is approved, and mark it ready again.
			d.click(`#texter button[value="aterkalla"]`)
			d.ok()
			d.sees("after withdrawing", "Texter har nu läget Pågår")
			d.click(`#texter button[value="klar"]`)
			d.ok()

			signIn("controller")
			d.visit(wf)
			// One post approves the four sections ready for review.
			d.click(`form[action$="/arbetsflode/godkann"] button[type=submit]`)
			d.ok()
			d.sees("the bulk approval", "4 avsnitt är godkända.")
			// The goals: over their blocking findings only with a reason.
			d.set("motivering-mal", "Målen bedöms på nämndens sammanträde.")
			d.click(`#mal button[value="klar"]`)
			d.ok()
			d.set("motivering-mal", "Målen bedöms på nämndens sammanträde.")
			d.click(`#mal button[value="godkann"]`)
			d.ok()
			d.sees("the goals' override", "Godkänt trots 14 fynd – motivering: Målen bedöms på nämndens sammanträde.", "Alla avsnitt är godkända.")

			// The lock: refused with the findings listed.
			d.fill("beslut-datum", "2021-09-22", "beslut-paragraf", "12")
			d.click(`form[action$="/beslut"] button[type=submit]`)
			d.sees("the refused lock", "Perioden har blockerande fynd", "Perioden har 14 blockerande fynd och kan inte låsas",
				"Målet «Huddingeborna är trygga» saknar bedömning", "Skriv varför perioden ska låsas trots 14 blockerande fynd.")
			if v := d.eval(`document.getElementById("beslut-datum").value`); v != "2021-09-22" {
				d.fail("the decision's date was lost: %q", v)
			}
			d.set("beslut-motivering", "Nämnden beslutade om rapporten trots att målen saknar bedömning.")
			d.click(`form[action$="/beslut"] button[type=submit]`)
			d.ok()
			d.sees("the locked period", "Nämndens beslut är registrerat och perioden är låst.",
				"Låst trots 14 fynd – motivering: Nämnden beslutade om rapporten trots att målen saknar bedömning.")

			d.visit(wfMatrix)
			d.sees("the matrix", "Låst trots 14 fynd – motivering: Nämnden beslutade om rapporten trots att målen saknar bedömning.")
			// The page itself does not scroll sideways; the matrix scrolls in its region.
			if w := d.eval(`String(document.documentElement.scrollWidth <= window.innerWidth)`); w != "true" {
				d.fail("the matrix page is wider than the window at %d px", width)
			}
			// After the lock, Fyll i's links show the items.
			d.visit(wfPeriod + "/redigera")
			d.click(`a[href$="/redigera/mal/nm-skattemedel"]`)
			d.sees("the read-only goal", "Låst.", "Skattemedel används effektivt")
		})
	}
}
