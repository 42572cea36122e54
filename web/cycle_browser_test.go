package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// driver is a signed-in Chromium on the site, with JavaScript off, and the steps a user
// takes in it. Every step fails the test with the page's own words when the page says
// something went wrong.
type driver struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (d *driver) must(err error) {
	d.t.Helper()
	if err != nil {
		d.fail("%v", err)
	}
}

// fail ends the test, keeping the page where it happened for whoever reads the failure.
func (d *driver) fail(format string, args ...any) {
	d.t.Helper()
	url, _ := chromedp.Run(d.ctx, chromedp.Evaluate[string](`location.href`))
	html, _ := chromedp.Run(d.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	dir := os.Getenv("TERTIAL_TEST_KEEP")
	if dir == "" {
		dir = d.t.TempDir()
	}
	f := filepath.Join(dir, "cycle-failure.html")
	_ = os.WriteFile(f, []byte(html), 0o600)
	d.t.Fatalf("%s (at %s; the page is in %s)", fmt.Sprintf(format, args...), url, f)
}

func (d *driver) eval(js string) string {
	d.t.Helper()
	v, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](js))
	d.must(err)
	return v
}

// visit opens a page of the site and checks that it is not an error page.
func (d *driver) visit(path string) {
	d.t.Helper()
	d.must(chromedp.Do(d.ctx, chromedp.Navigate(d.base+path), chromedp.WaitReady(chromedp.CSS("body"))))
	d.ok()
}

// ok fails when the page is an error page or shows a form's errors.
func (d *driver) ok() {
	d.t.Helper()
	if sum := d.eval(`(document.querySelector(".error-summary") || {innerText: ""}).innerText`); sum != "" {
		d.fail("the form was refused: %s", sum)
	}
	if title := d.eval(`document.title`); strings.HasPrefix(title, "Fel") || strings.Contains(title, "hittades inte") || strings.Contains(title, "behörighet") {
		d.fail("an error page: %s: %s", title, d.eval(`document.querySelector("main").innerText`))
	}
}

// set gives the field with the id the value, as typing or choosing it would.
func (d *driver) set(id, value string) {
	d.t.Helper()
	sel := "#" + id
	if n := d.eval(`String(document.querySelectorAll(` + jsString(sel) + `).length)`); n != "1" {
		d.fail("field %s: %s on the page", sel, n)
	}
	d.must(chromedp.Do(d.ctx, chromedp.SetValue(chromedp.CSS(sel), value)))
}

// fill sets fields in the order given: id, value, id, value, ….
func (d *driver) fill(kv ...string) {
	d.t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		d.set(kv[i], kv[i+1])
	}
}

// click presses the button (or follows the link) the CSS selector finds first and waits
// for the page it leads to.
func (d *driver) click(sel string) {
	d.t.Helper()
	if n := d.eval(`String(document.querySelectorAll(` + jsString(sel) + `).length)`); n == "0" {
		d.fail("nothing to click: %s", sel)
	}
	d.eval(`document.documentElement.dataset.before = "1"; ""`)
	d.must(chromedp.Do(d.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)))
	d.waitNewPage()
}

// waitNewPage waits until the page marked before has been replaced and has loaded.
func (d *driver) waitNewPage() {
	d.t.Helper()
	for range 400 {
		v, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](`(document.documentElement.dataset.before || "") + "|" + document.readyState`))
		if err == nil && v == "|complete" {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	d.fail("no new page")
}

// text returns the visible text of the page.
func (d *driver) text() string {
	d.t.Helper()
	return d.eval(`document.body.innerText`)
}

// sees fails unless the page's main content shows every one of the texts.
func (d *driver) sees(what string, texts ...string) {
	d.t.Helper()
	page := strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u2212", "-").Replace(d.text())
	for _, s := range texts {
		if !strings.Contains(page, s) {
			d.fail("%s: %q is not on the page", what, s)
		}
	}
}

// active is what has the keyboard's focus: its id, or its text.
func (d *driver) active() string {
	d.t.Helper()
	return d.eval(`document.activeElement.id || document.activeElement.textContent.trim()`)
}

// tabTo presses Tab until the field with the id has focus.
func (d *driver) tabTo(id string) {
	d.t.Helper()
	for range 80 {
		if d.active() == id {
			return
		}
		d.must(chromedp.Do(d.ctx, chromedp.KeyEvent(kb.Tab)))
	}
	d.fail("Tab never reached #%s", id)
}

// typeInto moves to the field with Tab and types the value over what it holds.
func (d *driver) typeInto(id, value string) {
	d.t.Helper()
	d.tabTo(id)
	d.must(chromedp.Do(d.ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent(value)))
}

// enter presses Enter in the focused field, which submits its form, and waits for the
// page that follows.
func (d *driver) enter() {
	d.t.Helper()
	d.eval(`document.documentElement.dataset.before = "1"; ""`)
	d.must(chromedp.Do(d.ctx, chromedp.KeyEvent(kb.Enter)))
	d.waitNewPage()
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestYearInTheBrowser runs a municipality's year in real Chromium without JavaScript,
// from an empty database, with no dataset file: the first administrator is created with
// the keyboard only and creates the municipality (keyboard only too), two boards, a
// controller and a reporter; the controller builds the goal tree on two levels,
// indicators with targets, an assignment, an internal-control risk with its control, a
// report template and the plan (Mål och budget) with a money table, its columns and
// account mapping and the budget frames; the plan is decided and locked; tertial 1 is made
// from it, reported by the reporter, approved and locked; the delårsrapport is made from
// tertial 1 and the annual report from the delårsrapport. Each period's report renders
// with what it should hold. Then the database's export imports into a fresh database and
// exports byte-identical.
func TestYearInTheBrowser(t *testing.T) {
	ctx := browserWithin(t, 5*time.Minute)
	db := storetest.Open(t, store.SQLite)
	// The year is run in spring 2027, after every decision it records: the store's clock,
	// which sessions, decisions and the audit log all read.
	clock := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	firstRun, err := h.FirstRunPath(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := &driver{t: t, ctx: ctx, base: srv.URL}
	const code = "9960"
	muni := "/kommuner/" + code

	// The first administrator, with the keyboard only.
	d.visit(firstRun)
	d.typeInto("namn", "anna")
	d.typeInto("losenord", goodPassword)
	d.typeInto("losenord2", goodPassword)
	d.enter()
	d.ok()
	// The municipality, with the keyboard only: it leads there by itself.
	if u := d.eval(`location.pathname`); u != "/admin/kommuner/ny" {
		d.fail("after the first administrator: %s", u)
	}
	d.typeInto("namn", "Åsby kommun")
	d.typeInto("kod", code)
	d.typeInto("lan", "Åsby län")
	d.typeInto("lanskod", "99")
	d.typeInto("enhet_namn", "Kommunfullmäktige")
	d.typeInto("enhet_id", "kf")
	d.tabTo("enhet_typ")
	if v := d.eval(`document.getElementById("enhet_typ").value`); v != string(tertial.UnitCouncil) {
		d.fail("the first unit's kind is %q", v)
	}
	d.tabTo("Skapa kommunen")
	d.enter()
	d.ok()
	d.sees("the municipality's page", "Åsby kommun")

	// Two boards under the council.
	for _, b := range [][3]string{{"ks", "Kommunstyrelsen", "KS"}, {"bun", "Barn- och utbildningsnämnden", "BUN"}} {
		d.visit(muni + "/struktur/enheter")
		d.fill("id", b[0], "namn", b[1], "kortnamn", b[2], "typ", string(tertial.UnitBoard), "overordnad", "kf")
		d.click(`form[action$="/struktur/enheter"] button[type=submit]`)
		d.ok()
	}
	d.visit(muni + "/struktur/enheter")
	d.sees("the units", "Kommunstyrelsen", "Barn- och utbildningsnämnden")

	// A controller of the municipality and a reporter of the board.
	for _, u := range [][4]string{{"karin", "controller", ""}, {"rune", "reporter", "ks"}} {
		d.visit("/admin")
		d.fill("namn", u[0], "roll", u[1], "kommun", code, "losenord", goodPassword, "losenord2", goodPassword)
		if u[2] != "" {
			d.set("enhet", u[2])
		}
		d.click(`form[aria-labelledby="nytt-konto"] button[type=submit]`)
		d.ok()
	}
	d.visit("/admin")
	d.sees("the accounts", "karin", "rune")

	// The controller takes over.
	signIn := func(name string) {
		t.Helper()
		d.must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady(chromedp.CSS("body"))))
		if d.eval(`String(!!document.querySelector('form[action="/logga-ut"]'))`) == "true" {
			d.click(`form[action="/logga-ut"] button`)
		}
		d.visit("/logga-in")
		d.fill("namn", name, "losenord", goodPassword)
		d.click(`form[action="/logga-in"] button[type=submit]`)
		d.ok()
		if signed := d.eval(`(document.querySelector(".signed-in") || {innerText: ""}).innerText`); !strings.Contains(signed, name) {
			d.fail("not signed in as %s: %q", name, signed)
		}
	}
	signIn("karin")

	// Goal areas, then goals on two levels.
	d.visit(muni + "/struktur/malnivaer")
	d.fill("omraden", "valfard; Välfärd; social\nekonomi; Hållbar ekonomi; ekonomisk")
	d.click(`form[action$="/struktur/malnivaer"] button[type=submit]`)
	d.ok()
	d.visit(muni + "/struktur/mal/nytt")
	d.fill("id", "kf-service", "titel", "Invånarna får god service", "niva", "kf", "omrade", "valfard")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(muni + "/struktur/mal/nytt?under=kf-service")
	d.fill("id", "ks-e-tjanster", "titel", "Fler ärenden kan skötas digitalt", "niva", "nm", "overordnat", "kf-service", "enhet", "ks")
	d.click(`main form button[type=submit]`)
	d.ok()
	// An indicator with targets for two years and the long term.
	d.visit(muni + "/struktur/indikatorer/ny")
	d.fill("id", "e-tjanster", "namn", "Andel ärenden som inleds digitalt", "mal", "ks-e-tjanster", "mattenhet", "%",
		"riktning", "higher", "decimaler", "0", "ar-0", "2026", "varde-0", ">60", "ar-1", "2027", "varde-1", ">70",
		"langsiktigt-ar", "2030", "langsiktigt-varde", ">90")
	d.click(`main form button[type=submit]`)
	d.ok()
	// An assignment from the plan's decision.
	d.visit(muni + "/struktur/uppdrag/nytt")
	d.fill("id", "upp-e-arkiv", "titel", "Inför ett e-arkiv", "mal", "ks-e-tjanster", "enhet", "ks", "ursprung", "Mål och budget 2026", "klart", "2026-12-31")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(muni + "/struktur/mal")
	d.sees("the goal tree", "Invånarna får god service", "Fler ärenden kan skötas digitalt", "Andel ärenden som inleds digitalt", "Inför ett e-arkiv")

	// The internal-control plan: a risk and its control.
	ic := muni + "/struktur/intern-kontroll"
	d.visit(ic)
	d.fill("risker-id", "risk-jav", "risker-enhet", "ks", "risker-process", "Upphandling", "risker-text", "Jäv vid upphandling",
		"risker-sannolikhet", "2", "risker-konsekvens", "4")
	d.click(`form[action$="/risker"] button[type=submit]`)
	d.ok()
	d.visit(ic)
	d.fill("kontroller-id", "kontroll-jav", "kontroller-enhet", "ks", "kontroller-process", "Upphandling",
		"kontroller-text", "Jävsdeklarationer vid varje upphandling", "kontroller-metod", "Stickprov på fem upphandlingar",
		"kontroller-frekvens", "Två gånger per år", "kontroller-ansvarig", "Upphandlingschefen")
	d.click(`form[action$="/kontroller"] button[type=submit]`)
	d.ok()
	d.visit(ic + "/riskmatris")
	d.sees("the risk matrix", "Jäv vid upphandling")

	// The report template.
	d.visit(muni + "/struktur/mallar")
	d.fill("id", "uppfoljning", "namn", "Uppföljning")
	d.click(`form[action$="/struktur/mallar"] button[type=submit]`)
	d.ok()
	d.visit(muni + "/struktur/mallar/uppfoljning")
	if d.eval(`document.getElementById("s0-slag").value + " " + document.getElementById("s1-slag").value`) != "cover toc" {
		d.fail("a new template does not start with a cover and a table of contents")
	}
	d.fill("s0-uppgifter", "status, organisation",
		"s2-slag", "text", "s2-titel", "Sammanfattning", "s2-ref", "sammanfattning",
		"s3-slag", "goals", "s3-titel", "Mål och indikatorer",
		"s4-slag", "money_table", "s4-ref", "drift",
		"s5-slag", "controls", "s5-titel", "Intern kontroll")
	d.click(`form[action$="/struktur/mallar/uppfoljning"] button[type=submit]`)
	d.ok()

	// The plan: Mål och budget 2026 for the board.
	newPeriod := func(kind, id, title, start, cutoff, from string) {
		t.Helper()
		d.visit(muni)
		d.fill("ny-enhet", "ks", "ny-typ", kind, "ny-id", id, "ny-titel", title, "ny-start", start, "ny-brytdatum", cutoff)
		if from != "" {
			d.set("ny-utga-fran", from)
		} else {
			d.set("ny-mall", "uppfoljning")
		}
		d.click(`#ny-period button[type=submit], form[action$="/perioder"] button[type=submit]`)
		d.ok()
	}
	newPeriod("plan", "mb-2026", "Mål och budget 2026", "2026-01-01", "2026-12-31", "")
	plan := muni + "/enheter/ks/perioder/mb-2026"

	// Its money table: columns, rows and account mapping.
	d.visit(plan + "/struktur/tabeller")
	d.fill("id", "drift", "titel", "Driftredovisning", "enhet", "tkr")
	d.click(`form[action$="/struktur/tabeller"] button[type=submit]`)
	d.ok()
	d.visit(plan + "/struktur/tabeller/drift")
	if got := d.eval(`["k0","k1","k2"].map(k => document.getElementById(k + "-id").value).join(" ")`); got != "budget prognos avvikelse" {
		d.fail("a new table's columns: %q", got)
	}
	d.fill("radrubrik", "Verksamhet", "total", "Summa",
		"k3-id", "utfall", "k3-slag", "outcome",
		"r0-id", "intakter", "r0-text", "Intäkter",
		"r1-id", "personal", "r1-text", "Personal",
		"r2-id", "ovrigt", "r2-text", "Övriga kostnader")
	d.click(`form[action$="/struktur/tabeller/drift"] button[type=submit]`)
	d.ok()
	d.visit(plan + "/redigera/kontomappning/drift")
	if d.eval(`String(!!document.getElementById("grund"))`) == "true" {
		d.set("grund", "egna")
	}
	d.fill("regel-1-rad", "intakter", "regel-1-konton", "3",
		"regel-2-rad", "personal", "regel-2-konton", "5",
		"regel-3-rad", "ovrigt", "regel-3-konton", "4, 6-7")
	d.click(`main form button[value="spara"]`)
	d.ok()
	// The budget frames.
	for row, amount := range map[string]string{"intakter": "1 200", "personal": "-8 400", "ovrigt": "-3 100"} {
		d.visit(plan + "/redigera/rad/drift/" + row)
		d.set("kolumn-budget", amount)
		d.click(`main form button[type=submit]`)
		d.ok()
	}
	d.visit(plan + "/redigera/text/sammanfattning")
	d.set("text", "Kommunstyrelsen satsar på digitala tjänster 2026.")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(plan + "/rapport")
	d.sees("the plan's report", "Mål och budget 2026", "Sammanfattning", "Kommunstyrelsen satsar på digitala tjänster 2026.",
		"Fler ärenden kan skötas digitalt", "Andel ärenden som inleds digitalt", "Driftredovisning", "Personal", "-8 400", "Jävsdeklarationer vid varje upphandling")

	// approveAndLock takes every section of a period's workflow to approved and records
	// the decision, which locks it.
	approveAndLock := func(period, date, paragraph string) {
		t.Helper()
		wf := period + "/arbetsflode"
		for _, step := range []string{"klar", "godkann"} {
			for range 20 {
				d.visit(wf)
				if d.eval(`String(!!document.querySelector('button[value="`+step+`"]'))`) != "true" {
					break
				}
				// A section with blocking findings goes on only with a reason (the gates).
				d.eval(`document.querySelectorAll('textarea[name="motivering"]').forEach(x => x.value = "Prövas i testet."); ""`)
				d.click(`button[value="` + step + `"]`)
				d.ok()
			}
		}
		d.visit(wf)
		d.fill("beslut-datum", date, "beslut-paragraf", paragraph)
		d.eval(`document.querySelectorAll('textarea[name="motivering"]').forEach(x => x.value = "Prövas i testet."); ""`)
		d.click(`form[action$="/beslut"] button[type=submit]`)
		d.ok()
		d.sees("the decision", "låst")
	}
	approveAndLock(plan, "2025-11-20", "§ 145")

	// Tertial 1 from the plan: the reporter reports, the controller approves and locks.
	newPeriod("interim", "2026-04", "Tertialrapport 1 2026", "2026-01-01", "2026-04-30", "ks/mb-2026")
	t1 := muni + "/enheter/ks/perioder/2026-04"
	d.visit(t1 + "/redigera/text/sammanfattning")
	if v := d.eval(`document.getElementById("text").value`); v != "" {
		d.fail("the plan's text was carried as tertial 1's: %q", v)
	}
	d.eval(`document.querySelectorAll("details").forEach(x => x.open = true); ""`) // as a user opens it
	d.sees("the text offered from the plan", "Kommunstyrelsen satsar på digitala tjänster 2026.")
	// The controller sets the deadline for the board's material and the cover's status.
	d.visit(t1 + "/installningar")
	d.fill("sista-dag", "2026-05-10", "status", "Påbörjad")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(t1 + "/arbetsflode")
	d.sees("the deadline", "10 maj 2026")
	signIn("rune")
	// The forecast's form shows the frame the plan decided.
	d.visit(t1 + "/redigera/rad/drift/personal")
	d.sees("the decided frame", "Beslutad ram", "8 400")
	d.visit(t1 + "/redigera/indikator/e-tjanster/2026")
	d.set("varde", "64")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(t1 + "/redigera/mal/ks-e-tjanster")
	d.set("bedomning", "achieved")
	d.set("analys", "Nio av tio blanketter finns nu som e-tjänst.")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(t1 + "/redigera/rad/drift/personal")
	d.set("kolumn-prognos", "-8 600")
	d.click(`main form button[type=submit]`)
	d.ok()
	d.visit(t1 + "/redigera/text/sammanfattning")
	d.set("text", "Tertialet har gått enligt plan.")
	d.click(`main form button[type=submit]`)
	d.ok()
	signIn("karin")
	d.visit(t1 + "/rapport")
	d.sees("tertial 1's report", "Tertialrapport 1 2026", "Tertialet har gått enligt plan.", "Nio av tio blanketter finns nu som e-tjänst.",
		"64", "-8 600", "-8 400", "-200")
	approveAndLock(t1, "2026-05-20", "§ 61")

	// The delårsrapport from tertial 1, the annual report from the delårsrapport.
	newPeriod("interim", "2026-08", "Delårsrapport per 31 augusti 2026", "2026-01-01", "2026-08-31", "ks/2026-04")
	d.visit(muni + "/enheter/ks/perioder/2026-08/rapport")
	d.sees("the delårsrapport", "Delårsrapport per 31 augusti 2026", "Driftredovisning", "Fler ärenden kan skötas digitalt", "Jäv")
	newPeriod("annual", "2026-12", "Verksamhetsberättelse 2026", "2026-01-01", "2026-12-31", "ks/2026-08")
	d.visit(muni + "/enheter/ks/perioder/2026-12/rapport")
	d.sees("the annual report", "Verksamhetsberättelse 2026", "Driftredovisning", "Fler ärenden kan skötas digitalt")

	// What the browser built is what the store holds.
	ds, err := db.Dataset(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if p := ds.Period("ks", "mb-2026"); p == nil || p.State != tertial.PeriodLocked || p.DecisionParagraph != "§ 145" {
		t.Errorf("the plan: %+v", p)
	}
	if p := ds.Period("ks", "2026-04"); p == nil || p.State != tertial.PeriodLocked || p.From != "mb-2026" {
		t.Errorf("tertial 1: %+v", p)
	}
	if p := ds.Period("ks", "2026-12"); p == nil || p.Kind != tertial.PeriodAnnual || p.From != "2026-08" || p.Template != "uppfoljning" {
		t.Errorf("the annual report: %+v", p)
	}

	// The export imports into a fresh database and exports the same bytes.
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := dataset.Decode(first, "export.yaml")
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	fresh := storetest.Open(t, store.SQLite)
	if err := fresh.ReplaceDataset(context.Background(), decoded); err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	again, err := fresh.Dataset(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s", firstDifference(first, second))
	}
}

// firstDifference shows the first line where a and b differ.
func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}
