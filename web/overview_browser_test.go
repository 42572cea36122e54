package web_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestOverviewInTheBrowser: in real Chromium without JavaScript, at 1366 and at 390 pixels
// wide, a controller opens the municipality's overview, sees which board is late (its
// deadline has passed) and which is not, chooses the goals that are not achieved with the
// form's filter, sees them, and follows a goal's link to its form. At 390 pixels no page
// of the overview, the period page or the workflow matrix scrolls sideways, and the
// header's "Logga ut" is whole and on top.
func TestOverviewInTheBrowser(t *testing.T) {
	ctx := browserWithin(t, 3*time.Minute)
	db := storetest.Open(t, store.SQLite)
	ds := assessedDemo(t)
	srv := site(t, db, ds)
	withSecondUnit(t, db)
	_, _, missed := ksGoals(ds, "")
	notAchieved := missed[tertial.AssessNotAchieved]
	d := &driver{t: t, ctx: ctx, base: srv.URL}

	d.visit("/logga-in")
	d.fill("namn", "controller", "losenord", "demo")
	d.click(`form[action="/logga-in"] button[type=submit]`)
	d.ok()

	for _, width := range []int{1366, 390} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			d.t = t
			d.must(chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900)))
			// From the municipality's page to its overview.
			d.visit("/kommuner/0126")
			d.click(`a[href="/kommuner/0126/oversikt"]`)
			d.ok()
			d.sees("the municipality's overview", "Översikt: Delårsrapport per 31 augusti 2021", "1 enhet är sen")
			late := func(unit string) string {
				return d.eval(`(() => { const r = Array.from(document.querySelectorAll(".ov-units tbody tr")).find(r => r.querySelector("th").textContent.trim() === ` + jsString(unit+": översikt") + `); return r ? String(!!r.querySelector(".ov-late") && r.querySelector(".ov-late").textContent === "sen") : "missing" })()`)
			}
			if ks, ksf := late("Kommunstyrelsen"), late("Kommunstyrelsens förvaltning"); ks != "true" || ksf != "false" {
				d.fail("late: Kommunstyrelsen %s (want true), the förvaltning %s (want false)", ks, ksf)
			}
			// The goals not achieved, by the filter's form.
			d.set("bedomning", string(tertial.AssessNotAchieved))
			d.click(`form.ov-filter button[type=submit]`)
			d.ok()
			if q := d.eval(`location.search`); !strings.Contains(q, "bedomning=not_achieved") {
				d.fail("the filter's form sent %q", q)
			}
			d.sees("the goals not achieved", notAchieved...)
			if n := d.eval(`String(document.querySelectorAll(".ov-goals tbody tr").length)`); n != strconv.Itoa(len(notAchieved)) {
				d.fail("%s goals listed, want the %d not achieved", n, len(notAchieved))
			}
			if width == 390 {
				d.noSidewaysScroll("the municipality's overview")
			}
			// A goal's link leads to its form.
			d.click(`.ov-goals tbody tr th a`)
			d.ok()
			p := d.eval(`location.pathname`)
			id, ok := strings.CutPrefix(p, "/kommuner/0126/enheter/ks/perioder/2021-08/redigera/mal/")
			if !ok || ds.Goal(id) == nil {
				d.fail("the goal's link led to %s", p)
			}
			d.sees("the goal's form", ds.Goal(id).Title)
			if !slices.Contains(notAchieved, ds.Goal(id).Title) {
				d.fail("the first goal listed, %s, is not one of those not achieved", id)
			}

			// The unit's overview, the period page and the workflow matrix.
			for _, path := range []string{ovPage, ovPeriod, "/kommuner/0126/perioder/2021-08/arbetsflode"} {
				d.visit(path)
				if width == 390 {
					d.noSidewaysScroll(path)
				}
				d.signOutVisible(path)
			}
			// At 1366 the workflow matrix shows its last column whole.
			if width == 1366 {
				right := d.eval(`(() => { const t = document.querySelector(".wf-matrix"); const s = t.closest(".table-scroll"); return String(t.getBoundingClientRect().right <= s.getBoundingClientRect().right + 1 && s.scrollWidth <= s.clientWidth) })()`)
				if right != "true" {
					d.fail("the workflow matrix is cut at 1366 px")
				}
			}
		})
	}
}

// noSidewaysScroll fails when the page is wider than the window.
func (d *driver) noSidewaysScroll(what string) {
	d.t.Helper()
	if w := d.eval(`document.documentElement.scrollWidth + " " + innerWidth`); w != "" {
		f := strings.Fields(w)
		sw, _ := strconv.Atoi(f[0])
		iw, _ := strconv.Atoi(f[1])
		if sw > iw {
			d.fail("%s scrolls sideways: %d px wide in a window of %d", what, sw, iw)
		}
	}
}

// signOutVisible fails unless the header's "Logga ut" is wholly inside the window and the
// header, on one line, with nothing over it, and nothing of the header overlaps its name.
func (d *driver) signOutVisible(what string) {
	d.t.Helper()
	v := d.eval(`(() => {
		const b = document.querySelector('form[action="/logga-ut"] button');
		if (!b) return "no button";
		const r = b.getBoundingClientRect();
		if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return "outside the window: " + JSON.stringify(r);
		for (const [x, y] of [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]]) {
			const e = document.elementFromPoint(x, y);
			if (e !== b && !b.contains(e)) return "covered at " + x + "," + y + " by " + (e ? e.tagName + "." + e.className + " " + e.textContent.trim().slice(0, 30) : "nothing");
		}
		if (b.scrollWidth > b.clientWidth + 1) return "its text is cut";
		const range = document.createRange();
		range.selectNodeContents(b);
		if (range.getClientRects().length !== 1) return "its text is broken over " + range.getClientRects().length + " lines";
		const h = b.closest("header").getBoundingClientRect();
		if (r.top < h.top || r.bottom > h.bottom) return "it sticks out of the header";
		const overlap = (a, c) => a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom;
		const brand = document.querySelector(".brand").getBoundingClientRect();
		for (const e of document.querySelectorAll(".signed-in > *")) {
			if (overlap(brand, e.getBoundingClientRect())) return "the header's name and " + e.textContent.trim() + " overlap";
		}
		return "ok";
	})()`)
	if v != "ok" {
		d.fail("%s: Logga ut is not fully visible: %s", what, v)
	}
}
