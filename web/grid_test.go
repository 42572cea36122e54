package web_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var (
	gridInputRe    = regexp.MustCompile(`<input[^>]*\sname="([^"]+)"[^>]*\svalue="([^"]*)"`)
	gridTextareaRe = regexp.MustCompile(`(?s)<textarea[^>]*\sname="([^"]+)"[^>]*>(.*?)</textarea>`)
	gridSelectRe   = regexp.MustCompile(`(?s)<select[^>]*\sname="([^"]+)"[^>]*>(.*?)</select>`)
	gridSelectedRe = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// gridForm reads a grid form as a browser would post it unchanged.
func gridForm(t *testing.T, page string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range gridInputRe.FindAllStringSubmatch(page, -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	for _, m := range gridTextareaRe.FindAllStringSubmatch(page, -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	for _, m := range gridSelectRe.FindAllStringSubmatch(page, -1) {
		v := ""
		if s := gridSelectedRe.FindStringSubmatch(m[2]); s != nil {
			v = html.UnescapeString(s[1])
		}
		form.Set(html.UnescapeString(m[1]), v)
	}
	if len(form) == 0 {
		t.Fatal("the page has no grid form")
	}
	return form
}

func auditCount(t *testing.T, db *store.DB, entity string) int {
	t.Helper()
	log, err := db.AuditLog(t.Context(), store.AuditFilter{Municipality: "0126", Entity: entity})
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

// TestMoneyGrid: the whole operating statement in one form: group headings, context
// columns, the figures as the table shows them, one save for every changed row, unchanged
// rows not written, an invalid cell saving nothing, and a row someone else saved reported
// beside the row while the others are saved.
func TestMoneyGrid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		anna := login(t, srv, "rapportor")
		u := srv.URL + periodPath + "/tabeller/drift"
		status, _, page := getAs(t, anna, u)
		if status != http.StatusOK {
			t.Fatalf("GET %d", status)
		}
		for _, want := range []string{`<th scope="col" id="k-forecast" class="num">Prognos helår</th>`, "Verksamhetens kostnader", `aria-labelledby="grupp-personal rad-personal k-forecast"`,
			`name="r.personal.forecast"`, "value=\"236\u00a0650\"", "Budget helår", "Avvikelse helår"} {
			if !strings.Contains(page, want) {
				t.Errorf("grid lacks %q", want)
			}
		}
		// A reporter enters no budget.
		if strings.Contains(page, `name="r.personal.budget"`) {
			t.Error("the reporter's grid has a budget input")
		}
		// Community building: each row under the path of its groups.
		_, _, sb := getAs(t, anna, srv.URL+periodPath+"/tabeller/samhallsbyggnad")
		if !strings.Contains(sb, "Exploateringsprojekt/Område – Genomförandeprojekt</th>") || !strings.Contains(sb, `aria-labelledby="grupp-expl-genomforande-mellersta rad-expl-genomforande-mellersta k-forecast"`) {
			t.Error("community-building rows without their group")
		}

		// A reader sees the grid without inputs and may not post it.
		reader := login(t, srv, "lasare")
		if _, _, rp := getAs(t, reader, u); strings.Contains(rp, "<input") || !strings.Contains(rp, "236\u00a0650") {
			t.Error("a reader's grid has inputs or lacks the figures")
		}
		before := auditCount(t, db, "money_row")
		rform := gridForm(t, page)
		rform.Set("r.personal.forecast", "1")
		if code, _ := postAs(t, reader, u, rform); code != http.StatusForbidden {
			t.Errorf("a reader's post: %d, want 403", code)
		}

		// An invalid cell: nothing saved, the error beside the cell naming row and column.
		form := gridForm(t, page)
		form.Set("r.personal.forecast", "240 000")
		form.Set("r.lokaler.forecast", "tjugo")
		code, body := postAs(t, anna, u, form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Verksamhetens kostnader – Lokaler, Prognos helår: måste vara ett belopp") ||
			!strings.Contains(body, `id="f-lokaler-forecast-fel"`) || !strings.Contains(body, `value="tjugo"`) {
			t.Errorf("invalid cell: %d %s", code, text(body))
		}
		if n := auditCount(t, db, "money_row"); n != before {
			t.Errorf("an invalid grid wrote %d audit entries", n-before)
		}

		// Bengt saves Bidrag meanwhile; Anna saves two rows, one of them Bidrag.
		bengt := login(t, srv, "controller")
		_, _, bp := getAs(t, bengt, u)
		bform := gridForm(t, bp)
		bform.Set("r.bidrag.forecast", "8 100")
		if code, _ := postAs(t, bengt, u, bform); code != http.StatusSeeOther {
			t.Fatalf("Bengt's save: %d", code)
		}
		before = auditCount(t, db, "money_row")
		form = gridForm(t, page)
		form.Set("r.personal.forecast", "240 000")
		form.Set("r.bidrag.forecast", "7 000")
		code, body = postAs(t, anna, u, form)
		if code != http.StatusConflict || !strings.Contains(body, "Någon annan har sparat 8\u00a0100") || !strings.Contains(body, "value=\"7 000\"") || !strings.Contains(body, "1 rad har sparats") {
			t.Errorf("conflict: %d %s", code, text(body))
		}
		if n := auditCount(t, db, "money_row"); n != before+1 {
			t.Errorf("the grid wrote %d audit entries, want 1 (the one changed row without conflict)", n-before)
		}
		ds, err := db.Dataset(t.Context(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		drift := &ds.Period("ks", "2021-08").MoneyTables[0]
		for _, r := range drift.Rows[1].Rows {
			switch r.ID {
			case "personal":
				if r.Amounts[tertial.ColForecast] != -240_000*100_000 {
					t.Errorf("personal forecast %v", r.Amounts[tertial.ColForecast])
				}
			case "bidrag":
				if r.Amounts[tertial.ColForecast] != -8_100*100_000 {
					t.Errorf("Bengt's bidrag was overwritten: %v", r.Amounts[tertial.ColForecast])
				}
			}
		}
		// Saving again from the conflict page overwrites Bengt's value, knowingly.
		form = gridForm(t, body)
		if code, _ := postAs(t, anna, u, form); code != http.StatusSeeOther {
			t.Errorf("save from the conflict page: %d", code)
		}
		_, _, after := getAs(t, anna, u+"?sparat=1")
		if got := gridForm(t, after).Get("r.bidrag.forecast"); got != "7\u00a0000" {
			t.Error("the second save did not keep Anna's value")
		}
	})
}

// TestIndicatorAndTextGrids: a goal's indicators with their context, and a section's
// texts with last period's text, each saved in one form; a locked period shows them
// read-only.
func TestIndicatorAndTextGrids(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		anna := login(t, srv, "rapportor")
		u := srv.URL + periodPath + "/mal/kf-skattemedel/indikatorer"
		status, _, page := getAs(t, anna, u)
		if status != http.StatusOK {
			t.Fatalf("GET %d", status)
		}
		for _, want := range []string{"Resultat exkl exploatering (%)", "Etappmål 2021", "Bedömning (sparat värde)", `name="i.skattesats.varde"`, "2019", "2020"} {
			if !strings.Contains(page, want) {
				t.Errorf("indicator grid lacks %q", want)
			}
		}
		before := auditCount(t, db, "indicator_value")
		form := gridForm(t, page)
		form.Set("i.skattesats.varde", "19,5")
		if code, body := postAs(t, anna, u, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", code, text(body))
		}
		if n := auditCount(t, db, "indicator_value"); n != before+1 {
			t.Errorf("%d audit entries, want 1", n-before)
		}
		_, _, page = getAs(t, anna, u+"?sparat=1")
		if !strings.Contains(page, "1 värde har sparats") || !strings.Contains(page, `value="19.5"`) && !strings.Contains(page, `value="19,5"`) {
			t.Errorf("after the save: %s", text(page))
		}
		// A value and a reason it is missing: refused beside the row, nothing saved.
		form = gridForm(t, page)
		form.Set("i.skattesats.saknas", string(tertial.MissingNotMeasured))
		form.Set("i.resultat-exkl-exploatering.varde", "2")
		if code, body := postAs(t, anna, u, form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Skattesats") {
			t.Errorf("invalid row: %d %s", code, text(body))
		}
		if n := auditCount(t, db, "indicator_value"); n != before+1 {
			t.Errorf("a refused grid wrote %d audit entries", n-before-1)
		}

		// Texts of a section.
		tu := srv.URL + periodPath + "/texter"
		_, _, tp := getAs(t, anna, tu)
		form = gridForm(t, tp)
		var first string
		for k := range form {
			if strings.HasSuffix(k, ".text") {
				first = k
				break
			}
		}
		form.Set(first, "En ny text.")
		before = auditCount(t, db, "text")
		if code, body := postAs(t, anna, tu, form); code != http.StatusSeeOther {
			t.Fatalf("texts: %d %s", code, text(body))
		}
		if n := auditCount(t, db, "text"); n != before+1 {
			t.Errorf("texts: %d audit entries, want 1", n-before)
		}

		// One section's texts: those the report shows in it, and no others.
		doc, err := report.Build(ds0126(t, db), "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		var key, ref string
		var find func(sec *report.Section)
		find = func(sec *report.Section) {
			for _, b := range sec.Blocks {
				switch b := b.(type) {
				case *report.Markdown:
					if ref == "" {
						ref = b.Ref
					}
				case *report.Section:
					find(b)
				}
			}
		}
		for _, sec := range doc.Sections {
			if find(sec); ref != "" {
				key = sec.ID
				break
			}
		}
		_, _, sp := getAs(t, anna, tu+"?avsnitt="+key)
		if !strings.Contains(sp, `name="t.`+ref+`.text"`) || strings.Count(sp, "<textarea") >= strings.Count(tp, "<textarea") {
			t.Errorf("section %s: lacks its text %s or shows them all", key, ref)
		}
		if status, _, _ := getAs(t, anna, tu+"?avsnitt=finns-inte"); status != http.StatusNotFound {
			t.Errorf("an unknown section: %d", status)
		}

		// Locked: read-only, not an error.
		if err := db.LockPeriod(t.Context(), "controller", ks(), store.Decision{Date: ds0126(t, db).Period("ks", "2021-08").Cutoff, Paragraph: "§ 1"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/tabeller/drift", "/mal/kf-skattemedel/indikatorer", "/texter"} {
			status, _, page := getAs(t, anna, srv.URL+periodPath+p)
			if status != http.StatusOK || strings.Contains(page, "<input") || strings.Contains(page, "<textarea") || !strings.Contains(page, "Perioden är låst") {
				t.Errorf("%s locked: %d", p, status)
			}
		}
	})
}

func ks() store.PeriodRef {
	return store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
}

func ds0126(t *testing.T, db *store.DB) *tertial.Dataset {
	ds, err := db.Dataset(t.Context(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestAccessibilityAxeGrids runs axe-core over the grids' answers to a post: errors beside
// the cells, and conflicts beside the rows (saved as files, as the admin pages' errors).
func TestAccessibilityAxeGrids(t *testing.T) {
	axeTools(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	anna := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/tabeller/drift"
	_, _, page := getAs(t, anna, u)
	form := gridForm(t, page)
	form.Set("r.lokaler.forecast", "tjugo")
	_, withErrors := postAs(t, anna, u, form)
	// Someone else saves Personal; Anna's save of it conflicts.
	_, _, other := getAs(t, session, u)
	bform := gridForm(t, other)
	bform.Set("r.personal.forecast", "1")
	postAs(t, session, u, bform)
	form = gridForm(t, page)
	form.Set("r.personal.forecast", "2")
	form.Set("r.bidrag.forecast", "3")
	code, conflict := postAs(t, anna, u, form)
	if code != http.StatusConflict {
		t.Fatalf("conflict: %d", code)
	}
	iu := srv.URL + periodPath + "/mal/nm-arbetsgivare/indikatorer"
	_, _, ip := getAs(t, anna, iu)
	iform := gridForm(t, ip)
	iform.Set("i.sjukfranvaro-ks.varde", "x")
	_, indErrors := postAs(t, anna, iu, iform)
	dir := t.TempDir()
	var files []string
	for name, page := range map[string]string{"tabell-fel.html": withErrors, "tabell-konflikt.html": conflict, "indikatorer-fel.html": indErrors} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(strings.ReplaceAll(page, `href="/static/`, `href="`+srv.URL+`/static/`)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, "file://"+f)
	}
	runAxe(t, files, anna, "file://"+dir+"/")
}

// TestSaveAndNext: the single forms show their context, "Spara och nästa" saves and opens
// the next item of "Fyll i", and "Spara" returns to the item's line in "Fyll i" with a
// confirmation; the period's page links straight to the grids.
func TestSaveAndNext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		anna := login(t, srv, "rapportor")
		edit := periodPath + "/redigera/"

		// Context: the indicator's earlier years, target and assessment; the forecast's
		// budget, outcome to date and deviation; the goal's indicators and assignments.
		_, _, page := getAs(t, anna, srv.URL+edit+"indikator/sjukfranvaro-ks/2021")
		for _, want := range []string{"Underlag", "Värde 2019", "4,4", "Värde 2020", "3,4", "Etappmål 2021", "Bedömning (räknas fram ur det sparade värdet)"} {
			if !strings.Contains(page, want) {
				t.Errorf("indicator form lacks %q", want)
			}
		}
		_, _, page = getAs(t, anna, srv.URL+edit+"rad/drift/personal")
		for _, want := range []string{"Budget helår", "228\u00a0625\u00a0tkr", "Utfall för perioden", "156\u00a0160\u00a0tkr", "Avvikelse helår", "−8\u00a0025\u00a0tkr"} {
			if !strings.Contains(page, want) {
				t.Errorf("forecast form lacks %q", want)
			}
		}
		_, _, page = getAs(t, anna, srv.URL+edit+"mal/nm-arbetsgivare")
		for _, want := range []string{"Indikator: Sjukfrånvaro (KS)", "Indikator: Medarbetarengagemang"} {
			if !strings.Contains(page, want) {
				t.Errorf("goal form lacks %q", want)
			}
		}

		// Spara och nästa from Personal goes to Lokaler, the next row.
		u := srv.URL + edit + "rad/drift/personal"
		form := url.Values{"version": {formVersion(t, anna, u)}, "atgard": {"nasta"}, "forecast": {"236 000"}, "kommentar": {""}}
		req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: anna})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != periodPath+"/redigera/rad/drift/lokaler?sparat=forra" {
			t.Errorf("Spara och nästa: %d to %q", resp.StatusCode, loc)
		}
		_, _, page = getAs(t, anna, srv.URL+periodPath+"/redigera/rad/drift/lokaler?sparat=forra")
		if !strings.Contains(page, "Föregående post är sparad.") || !strings.Contains(page, `value="nasta"`) || !strings.Contains(page, `href="`+periodPath+`/redigera#rad-drift-lokaler"`) {
			t.Error("the next form lacks the confirmation, its own Spara och nästa or the way back to its line")
		}

		// Spara returns to the item's line in the list.
		u = srv.URL + edit + "rad/drift/lokaler"
		form = url.Values{"version": {formVersion(t, anna, u)}, "atgard": {"spara"}, "forecast": {"23 000"}, "kommentar": {""}}
		req, _ = http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: anna})
		resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "#rad-drift-lokaler") {
			t.Fatalf("Spara: %d to %q", resp.StatusCode, loc)
		}
		_, _, list := getAs(t, anna, srv.URL+loc)
		if !strings.Contains(list, "Ändringen är sparad: Driftredovisning: Lokaler.") || !strings.Contains(list, `<tr id="rad-drift-lokaler">`) {
			t.Error("the list lacks the confirmation or the item's anchor")
		}
		for _, want := range []string{periodPath + "/tabeller/drift", periodPath + "/mal/nm-arbetsgivare/indikatorer", periodPath + "/texter"} {
			if !strings.Contains(list, `href="`+want+`"`) {
				t.Errorf("Fyll i lacks the link to %s", want)
			}
		}
		// The period's page links to the grids for a reporter, not for a reader.
		_, _, per := getAs(t, anna, srv.URL+periodPath)
		if !strings.Contains(per, `href="`+periodPath+`/mal/nm-arbetsgivare/indikatorer"`) || !strings.Contains(per, `href="`+periodPath+`/tabeller/drift"`) {
			t.Error("the period's page lacks the grids")
		}
		_, _, per = getAs(t, login(t, srv, "lasare"), srv.URL+periodPath)
		if strings.Contains(per, "/indikatorer\"") {
			t.Error("a reader is offered the grids")
		}
	})
}
