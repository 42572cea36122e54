package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// previewAmount returns the amount the page's preview shows for a row label, "" if none.
func previewAmount(page, label string) string {
	m := regexp.MustCompile(`<th scope="row">` + regexp.QuoteMeta(label) + `</th><td class="num">([^<]*)</td>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return text(m[1])
}

// TestStatementMappingForm: a controller maps an account of the statements to another
// row and the preview of the imported ledger moves its amount there; an account on two
// rows, a range that cannot be read, a note number taken and an amount that is none come
// back beside their fields, linked from the summary, and change nothing; a budget
// entered is stored in öre for the year; a form from an older version gets the conflict
// page; "Återställ standard" brings the default back and keeps the budget; reporters get
// 403; every change is in the history.
func TestStatementMappingForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	importLedger(t, db, "kommun-4e.se")
	page := srv.URL + "/kommuner/0126/struktur/rakenskaper?ar=2021&enhet=ks"
	stored := func() tertial.StatementSetup {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		return ds.Statements
	}
	if status, _ := postAs(t, login(t, srv, "rapportor"), page, url.Values{"version": {"1"}}); status != http.StatusForbidden {
		t.Errorf("a reporter's post: %d", status)
	}
	status, _, form := getAs(t, session, page)
	if status != http.StatusOK || !strings.Contains(form, `id="r-verksamhetens-kostnader-t0"`) || !strings.Contains(form, `value="4-77"`) {
		t.Fatalf("the form: %d", status)
	}
	if !strings.Contains(form, "<legend>Verksamhetens kostnader</legend>") || !strings.Contains(form, `<label for="b-skatteintakter">`) {
		t.Error("the form lacks a row's fieldset or the budget's label")
	}
	costs, extra := previewAmount(form, "Verksamhetens kostnader"), previewAmount(form, "Extraordinära poster (netto)")
	if costs == "" || costs == "0" || extra != "0" {
		t.Fatalf("preview before: kostnader %q, extraordinära %q", costs, extra)
	}
	version := versionRe.FindStringSubmatch(form)[1]

	before := stored()
	for _, c := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"an account on two rows", "r-extraordinara-poster-t0", `tas redan av raden "verksamhetens-kostnader"`,
			url.Values{"r-extraordinara-poster-t0": {"87-88, 6010"}}},
		{"a range that cannot be read", "r-avskrivningar-t0", "4x", url.Values{"r-avskrivningar-t0": {"78-79, 4x"}}},
		{"a note number taken", "r-extraordinara-poster-not", `1 hör redan till raden "verksamhetens-intakter"`,
			url.Values{"r-extraordinara-poster-not": {"1"}}},
		{"a note row without accounts", "r-avskrivningar-notrader", "Rad 2", url.Values{"r-avskrivningar-not": {"3"}, "r-avskrivningar-notrader": {"Byggnader; 791\nÖvrigt"}}},
		{"an amount that is none", "b-skatteintakter", "inget belopp", url.Values{"b-skatteintakter": {"mycket"}}},
	} {
		c.form.Set("version", version)
		c.form.Set("atgard", "spara")
		status, body := postAs(t, session, page, c.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, c.field), c.msg) {
			t.Errorf("%s: %d, beside %s: %q", c.name, status, c.field, fieldErrorOf(body, c.field))
		}
		if !strings.Contains(body, `<a href="#`+c.field+`">`) {
			t.Errorf("%s: the error summary does not link to the field", c.name)
		}
		if !strings.Contains(body, `aria-describedby="`) || !strings.Contains(body, c.field+`-fel"`) {
			t.Errorf("%s: the field is not described by its error", c.name)
		}
	}
	if got := stored(); got.MappingText() != before.MappingText() || got.BudgetText() != before.BudgetText() {
		t.Fatal("a refused form changed the setup")
	}

	// Lokalhyror (6010) move from verksamhetens kostnader to the extraordinary items.
	status, _ = postAs(t, session, page, url.Values{"version": {version}, "atgard": {"spara"},
		"r-verksamhetens-kostnader-t0-utom": {"6010"}, "r-extraordinara-poster-t0": {"87-88, 6010"},
		"b-skatteintakter": {"412 500 000,50"}, "b-verksamhetens-kostnader": {"−398 000 000"}})
	if status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	got := stored()
	if m := got.MappingOf("extraordinara-poster"); m == nil || !m.Terms[0].Takes("6010") || len(got.Mapping) != 2 {
		t.Errorf("saved mapping %+v", got.Mapping)
	}
	if b := got.BudgetOf(2021); b["skatteintakter"] != 41_250_000_050 || b["verksamhetens-kostnader"] != -39_800_000_000 {
		t.Errorf("saved budget %v", got.Budget)
	}
	_, _, after := getAs(t, session, page)
	if previewAmount(after, "Extraordinära poster (netto)") == "0" || previewAmount(after, "Verksamhetens kostnader") == costs {
		t.Errorf("the preview did not move 6010: kostnader %q → %q, extraordinära %q", costs, previewAmount(after, "Verksamhetens kostnader"),
			previewAmount(after, "Extraordinära poster (netto)"))
	}
	if !strings.Contains(after, "(ändrad från standard)") || !strings.Contains(after, `value="412 500 000,50"`) && !strings.Contains(after, "412\u00a0500\u00a0000,50") {
		t.Error("the form does not show the saved mapping and budget")
	}

	// The form of the old version: the conflict page, nothing saved.
	status, body := postAs(t, session, page, url.Values{"version": {version}, "atgard": {"spara"}, "r-avskrivningar-t0": {"79"}})
	if status != http.StatusConflict || !strings.Contains(body, "Någon annan har ändrat") {
		t.Errorf("a stale form: %d", status)
	}
	if now := stored(); now.MappingOf("avskrivningar") != nil {
		t.Error("a stale form was saved")
	}

	// Återställ standard.
	newVersion := versionRe.FindStringSubmatch(after)[1]
	if status, _ := postAs(t, session, page, url.Values{"version": {newVersion}, "atgard": {"aterstall"}}); status != http.StatusSeeOther {
		t.Fatalf("återställ: %d", status)
	}
	if got := stored(); len(got.Mapping) != 0 || len(got.Budget) != 2 {
		t.Errorf("after återställ: %+v", got)
	}
	_, _, history := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=statement_setup&nyckel=0126")
	if h := strings.ToLower(text(history)); !strings.Contains(h, "kontomappning") || !strings.Contains(h, "budget") || !strings.Contains(h, "extraordinara-poster: movement 87-88, 6010") {
		t.Errorf("history: %.600s", h)
	}
}
