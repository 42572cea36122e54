package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var (
	econVersionRe = regexp.MustCompile(`name="version" value="([0-9a-f]+)"`)
	econInputRe   = regexp.MustCompile(`<input id="[^"]*" name="([^"]+)" type="text" value="([^"]*)"`)
	econSelectRe  = regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>`)
	econChosenRe  = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// pageForm returns what the page's form posts as it stands: its text fields and chosen
// options, with the version.
func pageForm(t *testing.T, page string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range econInputRe.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range econSelectRe.FindAllStringSubmatch(page, -1) {
		v := ""
		if c := econChosenRe.FindStringSubmatch(m[2]); c != nil {
			v = html.UnescapeString(c[1])
		}
		form.Set(m[1], v)
	}
	v := econVersionRe.FindStringSubmatch(page)
	if v == nil {
		t.Fatal("the page has no version")
	}
	form.Set("version", v[1])
	form.Set("atgard", "spara")
	return form
}

// findTable returns the report's first table of the class, nil if none.
func findTable(secs []*report.Section, class string) *report.Table {
	for _, s := range secs {
		for _, b := range s.Blocks {
			if t, ok := b.(*report.Table); ok && t.Class == class {
				return t
			}
			if sub, ok := b.(*report.Section); ok {
				if t := findTable([]*report.Section{sub}, class); t != nil {
					return t
				}
			}
		}
		if t := findTable(s.Sections, class); t != nil {
			return t
		}
	}
	return nil
}

var nonDigits = regexp.MustCompile(`\D`)

// TestEconomyForm: a controller enters the economy of the annual report without YAML: a
// changed key figure and a new financial goal show in the report's five-year overview and
// financial goals, an emptied row is removed; a tax rate out of range, a goal without a
// title and an amount that is none come back beside their fields, linked from the
// summary, with what was written kept, and change nothing; a form from an older version
// gets the conflict page; reporters and readers get 403; the change is in the history.
func TestEconomyForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	srv := site(t, db, ekbyDemo(t), demoDataset(t))
	page := srv.URL + "/kommuner/9901/struktur/ekonomi"
	stored := func() *tertial.Dataset {
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if status, _ := postAs(t, login(t, srv, "rapportor"), srv.URL+"/kommuner/0126/struktur/ekonomi", url.Values{"version": {"x"}}); status != http.StatusForbidden {
		t.Errorf("a reporter's post: %d", status)
	}
	if status, _ := postAs(t, login(t, srv, "lasare-ekby"), page, url.Values{"version": {"x"}}); status != http.StatusForbidden {
		t.Errorf("a reader's post: %d", status)
	}
	_, _, overview := getAs(t, session, srv.URL+"/kommuner/9901/struktur/mal")
	if !strings.Contains(overview, `href="/kommuner/9901/struktur/ekonomi"`) {
		t.Error("the structure overview does not link the economy page")
	}
	status, _, body := getAs(t, session, page)
	if status != http.StatusOK || !strings.Contains(body, "<legend>Nyckeltal per år</legend>") || !strings.Contains(body, "<legend>Finansiella mål</legend>") {
		t.Fatalf("the form: %d", status)
	}
	if !strings.Contains(body, `<label for="nyckeltal-1-skattesats" class="visually-hidden">`) || !strings.Contains(body, `id="nyckeltal-8-ar"`) {
		t.Error("the form lacks a field's label or the empty rows to add")
	}
	form := pageForm(t, body)
	if form.Get("nyckeltal-5-ar") != "2025" || form.Get("mal-1-matt") != "result_share" || form.Get("avstamning-2-ar") != "2025" {
		t.Fatalf("the form does not show the saved economy: %v", form)
	}
	before := tertial.EconomyVersion(&stored().Economy)

	for _, c := range []struct {
		name, field, msg, kept string
		set                    map[string]string
	}{
		{"a tax rate out of range", "nyckeltal-5-skattesats", "mindre än 100", "150", map[string]string{"nyckeltal-5-skattesats": "150"}},
		{"a goal without a title", "mal-3-rubrik", "saknas", "skuld", map[string]string{"mal-3-id": "skuld", "mal-3-matt": "debt_per_inhabitant",
			"mal-3-jamforelse": "at_most", "mal-3-malvarde": "35000", "mal-3-fran": "2025", "mal-3-till": "2025"}},
		{"an amount that is none", "nyckeltal-5-laneskuld", "inget belopp", "mycket", map[string]string{"nyckeltal-5-laneskuld": "mycket"}},
	} {
		f := pageForm(t, body)
		for k, v := range c.set {
			f.Set(k, v)
		}
		status, got := postAs(t, session, page, f)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(got, c.field), c.msg) {
			t.Errorf("%s: %d, beside %s: %q", c.name, status, c.field, fieldErrorOf(got, c.field))
		}
		if !strings.Contains(got, `<a href="#`+c.field+`">`) || !strings.Contains(got, `aria-describedby="`+c.field+`-fel"`) {
			t.Errorf("%s: the summary does not link the field, or the field is not described by its error", c.name)
		}
		if !strings.Contains(got, `value="`+c.kept+`"`) {
			t.Errorf("%s: what was written is not kept", c.name)
		}
	}
	if tertial.EconomyVersion(&stored().Economy) != before {
		t.Fatal("a refused form changed the economy")
	}

	// Inhabitants and the loan debt of 2025, a goal on the debt per inhabitant, and the
	// second finance item removed.
	f := pageForm(t, body)
	for k, v := range map[string]string{"nyckeltal-5-invanare": "40 500", "nyckeltal-5-laneskuld": "1 250 000 000",
		"mal-3-id": "skuld", "mal-3-rubrik": "Låneskulden per invånare ska vara högst 35 000 kr", "mal-3-matt": "debt_per_inhabitant",
		"mal-3-jamforelse": "at_most", "mal-3-malvarde": "35 000", "mal-3-fran": "2025", "mal-3-till": "2025",
		"avstamning-2-ar": "", "avstamning-2-benamning": "", "avstamning-2-belopp": ""} {
		f.Set(k, v)
	}
	if status, got := postAs(t, session, page, f); status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", status, fieldErrorsText(got))
	}
	ds := stored()
	e := &ds.Economy
	if k := e.KeyFiguresOf(2025); k == nil || k.Inhabitants == nil || *k.Inhabitants != 40500 || k.LoanDebt == nil || *k.LoanDebt != 125_000_000_000 {
		t.Errorf("saved key figures 2025: %+v", k)
	}
	if g := e.FinancialGoal("skuld"); g == nil || g.Kind != tertial.FinancialDebtPerInhabitant || g.Comparison != tertial.AtMost || g.Target.String() != "35000" {
		t.Errorf("saved goal: %+v", g)
	}
	if len(e.FinanceItems) != 1 || len(e.Eliminations) == 0 || len(e.KeyFigures) != 5 {
		t.Errorf("saved lists: %d finance items, %d eliminations, %d key figures", len(e.FinanceItems), len(e.Eliminations), len(e.KeyFigures))
	}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	five := findTable(doc.Sections, "five-year")
	if five == nil {
		t.Fatal("the report has no five-year overview")
	}
	found := false
	for _, r := range five.Rows {
		for _, c := range r.Cells {
			if r.Header.Text == "Invånare 31 december" && c.Col == "2025" {
				found = nonDigits.ReplaceAllString(c.Text, "") == "40500"
			}
		}
	}
	if !found {
		t.Error("the five-year overview does not show the inhabitants entered")
	}
	goals := findTable(doc.Sections, "financial-goals")
	found = false
	for _, r := range goals.Rows {
		if r.Header.Text == "Låneskulden per invånare ska vara högst 35 000 kr" {
			for _, c := range r.Cells {
				// 1 250 000 000 kr / 40 500 invånare ≈ 30 864 kr: at most 35 000.
				if c.Col == "assessment" && c.Text == "Uppfyllt" {
					found = true
				}
			}
		}
	}
	if goals == nil || !found {
		t.Error("the financial goals do not assess the goal entered as met")
	}

	// The form of the old version: the conflict page, nothing saved.
	f.Set("nyckeltal-1-anstallda", "1")
	status, got := postAs(t, session, page, f)
	if status != http.StatusConflict || !strings.Contains(got, "Någon annan har ändrat") {
		t.Errorf("a stale form: %d", status)
	}
	if k := stored().Economy.KeyFiguresOf(2021); k == nil || *k.Employees == 1 {
		t.Error("a stale form was saved")
	}
	_, _, history := getAs(t, session, srv.URL+"/historik?kommun=9901&typ=economy&nyckel=9901")
	if h := strings.ToLower(text(history)); !strings.Contains(h, "nyckeltal") || !strings.Contains(h, "finansiella mål") || !strings.Contains(h, "skuld") {
		t.Errorf("history: %.600s", h)
	}
}

// fieldErrorsText is the error summary's text, for a failure's message.
func fieldErrorsText(page string) string {
	if i := strings.Index(page, `class="error-summary"`); i >= 0 {
		return text(page[i:min(len(page), i+2000)])
	}
	return ""
}

// ekbyDemo is the Ekby demo's dataset, whose council has an annual report and an economy.
func ekbyDemo(t *testing.T) *tertial.Dataset {
	t.Helper()
	d, ok := demo.Get("ekby")
	if !ok {
		t.Fatal("no ekby demo")
	}
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestEconomyReadOnly: a reader sees the economy's lists, the chosen kinds in words, and
// no form.
func TestEconomyReadOnly(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	status, _, page := getAs(t, login(t, srv, "lasare-ekby"), srv.URL+"/kommuner/9901/struktur/ekonomi")
	if status != http.StatusOK || strings.Contains(page, `name="version"`) || strings.Contains(page, "<input") {
		t.Fatalf("a reader's page: %d", status)
	}
	if !strings.Contains(page, "<td>"+tertial.FinancialResultShare.Name()+"</td>") || !strings.Contains(page, "<td>2025</td>") {
		t.Error("the reader does not see the lists in words")
	}
}
