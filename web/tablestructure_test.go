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
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// tableForm is the table form as a browser posts it: the table, three columns and two rows.
func tableForm() url.Values {
	return url.Values{
		"titel": {"Projektens ekonomi"}, "enhet": {"tkr"}, "decimaler": {"0"}, "radrubrik": {"Projekt"}, "total": {"Summa"},
		"k0-id": {"budget"}, "k0-slag": {"budget"}, "k1-id": {"prognos"}, "k1-slag": {"forecast"},
		"k2-id": {"avvikelse"}, "k2-slag": {"deviation"}, "k2-av": {"budget prognos"},
		"k3-id": {""}, "k3-slag": {"budget"},
		"r0-id": {"bygg"}, "r0-text": {"Byggprojekt"}, "r0-grupp": {"ja"}, "r0-summa": {"bottom"}, "r0-summatext": {"Summa bygg"},
		"r1-id": {"skola"}, "r1-text": {"Ny skola"}, "r1-i": {"bygg"},
		"r2-id": {"it"}, "r2-text": {"IT-system"},
		"r3-id": {""}, "r3-text": {""},
	}
}

// TestStructureTableForms: a controller creates a money table and builds its columns and
// rows in the browser; a bad column comes back beside its field with what was typed and
// nothing saved; a move reorders; reporters and readers get 403.
func TestStructureTableForms(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/enheter/ks/perioder/2021-08/struktur/tabeller"
	export := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if _, _, page := getAs(t, session, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08"); !strings.Contains(page, `href="/kommuner/0126/enheter/ks/perioder/2021-08/struktur/tabeller"`) {
		t.Error("the period page does not link to the tables")
	}
	for _, name := range []string{"rapportor", "lasare"} {
		c := login(t, srv, name)
		if status, _, _ := getAs(t, c, base); status != http.StatusForbidden {
			t.Errorf("%s GET: %d", name, status)
		}
		if status, _ := postAs(t, c, base, url.Values{"id": {"x"}, "titel": {"X"}, "enhet": {"tkr"}}); status != http.StatusForbidden {
			t.Errorf("%s POST: %d", name, status)
		}
		if _, _, page := getAs(t, c, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08"); strings.Contains(page, "/struktur/tabeller") {
			t.Errorf("%s is offered the tables", name)
		}
	}
	status, _, page := getAs(t, session, base)
	if status != http.StatusOK || !strings.Contains(page, `<label for="id">Id</label>`) || !strings.Contains(page, "Driftredovisning (drift)") {
		t.Fatalf("tables page: %d", status)
	}
	// A new table whose ID exists: beside the field, typed values kept.
	status, page = postAs(t, session, base, url.Values{"id": {"drift"}, "titel": {"Ny drift"}, "enhet": {"tkr"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="id-fel"`) || !strings.Contains(page, `value="Ny drift"`) {
		t.Errorf("duplicate id: %d", status)
	}
	if status, _ := postAs(t, session, base, url.Values{"id": {"projekt"}, "titel": {"Projekt"}, "enhet": {"tkr"}}); status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	tableURL := base + "/projekt"
	if status, _, page := getAs(t, session, tableURL); status != http.StatusOK || !strings.Contains(page, `name="k2-av" type="text" value="budget prognos"`) ||
		!strings.Contains(page, "/redigera/kontomappning/projekt") {
		t.Fatalf("table page: %d", status)
	}
	// A deviation of a column the table lacks: the rule set's message beside "Räknas ur".
	before := export()
	bad := tableForm()
	bad.Set("k2-av", "budget saknas")
	status, page = postAs(t, session, tableURL, bad)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="k2-av-fel"`) || !strings.Contains(page, `Tabellen har ingen kolumn &#34;saknas&#34;.`) ||
		!strings.Contains(page, `value="budget saknas"`) || !strings.Contains(page, `href="#k2-av"`) {
		t.Errorf("bad of: %d %s", status, page[strings.Index(page, "<main"):min(len(page), strings.Index(page, "<main")+3000)])
	}
	if export() != before {
		t.Error("a refused form changed the data")
	}
	// A row in a group that is not one.
	bad = tableForm()
	bad.Set("r2-i", "skola")
	if status, page := postAs(t, session, tableURL, bad); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="r2-i-fel"`) {
		t.Errorf("row in a non-group: %d", status)
	}
	if status, _ := postAs(t, session, tableURL, tableForm()); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, _ := db.Dataset(context.Background(), "0126")
	var got *tertial.MoneyTable
	for i, x := range ds.Period("ks", "2021-08").MoneyTables {
		if x.ID == "projekt" {
			got = &ds.Period("ks", "2021-08").MoneyTables[i]
		}
	}
	if got == nil || got.Title != "Projektens ekonomi" || len(got.Declared) != 3 || len(got.Rows) != 2 || !got.Rows[0].Group ||
		len(got.Rows[0].Rows) != 1 || got.Rows[0].Rows[0].ID != "skola" || got.Rows[1].ID != "it" || got.Rows[0].Sum != tertial.SumBottom {
		t.Fatalf("saved table %+v", got)
	}
	// Move IT-system up: it goes before the group, its sibling.
	mv := tableForm()
	mv.Set("flytta", "r2-upp")
	if status, _ := postAs(t, session, tableURL, mv); status != http.StatusSeeOther {
		t.Fatalf("move: %d", status)
	}
	ds, _ = db.Dataset(context.Background(), "0126")
	for _, x := range ds.Period("ks", "2021-08").MoneyTables {
		if x.ID == "projekt" && (x.Rows[0].ID != "it" || x.Rows[1].ID != "bygg") {
			t.Errorf("after the move: %s, %s", x.Rows[0].ID, x.Rows[1].ID)
		}
	}
	// The demo's drift, with the old column list, posted as its page shows it with one
	// label changed: the column list stays, the amounts stay.
	_, _, driftPage := getAs(t, session, base+"/drift")
	posted := formValues(driftPage, "/struktur/tabeller/drift")
	posted.Set("r0-text", "Intäkter")
	if status, page := postAs(t, session, base+"/drift", posted); status != http.StatusSeeOther {
		t.Fatalf("drift: %d %s", status, page[strings.Index(page, "error-summary"):strings.Index(page, "<h1>")+10])
	}
	ds, _ = db.Dataset(context.Background(), "0126")
	drift := ds.Period("ks", "2021-08").MoneyTables[0]
	if drift.Rows[0].Label != "Intäkter" || len(drift.Declared) != 0 || len(drift.Columns) != 5 || drift.Rows[0].Amounts[tertial.ColBudget] == 0 {
		t.Errorf("drift after the form: %+v %+v", drift.Columns, drift.Rows[0])
	}
	// Delete it.
	if status, _ := postAs(t, session, tableURL+"/ta-bort", url.Values{}); status != http.StatusSeeOther {
		t.Errorf("delete: %d", status)
	}
	if status, page := postAs(t, session, base+"/drift/ta-bort", url.Values{}); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="rensa-alla-fel"`) {
		t.Errorf("delete a table with amounts: %d", status)
	}
}

// TestStructureTemplateForms: a controller creates a template, gives it sections with a
// nested one, is told beside the field what is wrong, and chooses it for a period.
func TestStructureTemplateForms(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/struktur/mallar"
	if _, _, page := getAs(t, session, srv.URL+"/kommuner/0126"); !strings.Contains(page, `href="/kommuner/0126/struktur/mallar"`) {
		t.Error("the municipality page does not link to the templates")
	}
	reporter := login(t, srv, "rapportor")
	if status, _, _ := getAs(t, reporter, base); status != http.StatusForbidden {
		t.Errorf("reporter: %d", status)
	}
	if status, _ := postAs(t, session, base, url.Values{"id": {"kort"}, "namn": {"Kort rapport"}}); status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	form := url.Values{"namn": {"Kort rapport"},
		"s0-slag": {"cover"}, "s0-uppgifter": {"status, organisation"},
		"s1-slag": {"heading"}, "s1-titel": {"Ekonomi"},
		"s2-slag": {"money_table"}, "s2-ref": {"drift"}, "s2-under": {"ja"},
		"s3-slag": {"goals"}, "s3-titel": {"Mål"}, "s3-ar": {"4"}, "s3-layout": {"table"},
		"s4-slag": {""}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("s2-ref", "")
	status, page := postAs(t, session, base+"/kort", bad)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="s2-ref-fel"`) || !strings.Contains(page, `value="Ekonomi"`) {
		t.Errorf("section without ref: %d", status)
	}
	if status, _ := postAs(t, session, base+"/kort", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, _ := db.Dataset(context.Background(), "0126")
	tpl := ds.Template("kort")
	if tpl == nil || len(tpl.Sections) != 3 || tpl.Sections[1].Title != "Ekonomi" || len(tpl.Sections[1].Sections) != 1 ||
		tpl.Sections[1].Sections[0].Ref != "drift" || tpl.Sections[2].Years != 4 || len(tpl.Sections[0].Fields) != 2 {
		t.Fatalf("saved template %+v", tpl)
	}
	if status, _ := postAs(t, session, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/struktur/mall", url.Values{"mall": {"kort"}}); status != http.StatusSeeOther {
		t.Fatalf("choose: %d", status)
	}
	if status, _, page := getAs(t, session, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/rapport"); status != http.StatusOK || !strings.Contains(page, "Driftredovisning") {
		t.Errorf("report after choosing the template: %d", status)
	}
	if status, page := postAs(t, session, base+"/kort/ta-bort", url.Values{}); status != http.StatusUnprocessableEntity || !strings.Contains(page, "används av perioderna ks/2021-08") {
		t.Errorf("deleting a template in use: %d", status)
	}
}

var (
	inputRe    = regexp.MustCompile(`<input id="([^"]+)" name="([^"]+)" type="text"[^>]* value="([^"]*)"`)
	checkedRe  = regexp.MustCompile(`<input type="checkbox" id="[^"]+" name="([^"]+)" value="ja" checked`)
	selectRe   = regexp.MustCompile(`(?s)<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>`)
	selectedRe = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// formValues reads the values a browser would post from the form of a page whose action
// ends with action.
func formValues(page, action string) url.Values {
	page = page[strings.Index(page, action+`"`):]
	page = page[:strings.Index(page, "</form>")]
	v := url.Values{}
	for _, m := range inputRe.FindAllStringSubmatch(page, -1) {
		v.Set(m[2], html.UnescapeString(m[3]))
	}
	for _, m := range checkedRe.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], "ja")
	}
	for _, m := range selectRe.FindAllStringSubmatch(page, -1) {
		val := ""
		if s := selectedRe.FindStringSubmatch(m[2]); s != nil {
			val = html.UnescapeString(s[1])
		}
		v.Set(m[1], val)
	}
	return v
}
