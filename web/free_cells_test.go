package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// withEkonomi is the demo with Simrishamn's "Ekonomi (tkr)" in Kommunstyrelsen's period
// and report: Nettokostnader and Budgetavvikelse are row formulas.
func withEkonomi(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	f := func(s string) tertial.Formula {
		fm, err := tertial.ParseFormula(s)
		if err != nil {
			t.Fatal(err)
		}
		return fm
	}
	tkr := func(n int64) tertial.Cell { return tertial.Cell{Amount: tertial.Amount(n * 100_000)} }
	row := func(id, post string, a, b int64) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Cells: map[string]tertial.Cell{"post": {Text: post}, "ar2024": tkr(a), "ar2025": tkr(b)}}
	}
	per.FreeTables = append(per.FreeTables, tertial.FreeTable{ID: "ekonomi", Title: "Ekonomi", Unit: tertial.Tkr,
		Columns: []tertial.FreeColumn{{ID: "post", Label: "Ekonomi (tkr)", Type: tertial.ColText},
			{ID: "ar2024", Label: "2024", Type: tertial.ColAmount}, {ID: "ar2025", Label: "2025", Type: tertial.ColAmount}},
		Rows: []tertial.FreeRow{
			row("intakter", "Intäkter", 10135, 11251),
			row("kostnader", "Kostnader", -69731, -73300),
			{ID: "netto", Formula: f("intakter + kostnader"), Cells: map[string]tertial.Cell{"post": {Text: "Nettokostnader"}}},
			row("budget", "Budget", -59689, -63119),
			{ID: "avvikelse", Formula: f("netto - budget"), Cells: map[string]tertial.Cell{"post": {Text: "Budgetavvikelse"}}},
		}})
	tmpl := ds.Template(per.Template)
	tmpl.Sections = append(tmpl.Sections, tertial.Section{Kind: tertial.SectionFreeTable, Title: "Ekonomi", Ref: "ekonomi"})
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("not valid: %v", ps)
	}
	return ds
}

// TestFreeCellForm: on "Fyll i", a numeric cell takes what the report shows: a figure with
// a mark before or after it, or a word in place of the figure; the report shows them, and
// the form shows them back as entered. A figure a letter touches is refused beside its
// field, and so is a mark the rule set finds too long.
func TestFreeCellForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, withEkonomi(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/fri/statsbidrag/msb"
	post := func(cells map[string]string) (int, string) {
		form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"}, "c-namn": {"MSB"}}
		for k, v := range cells {
			form.Set("c-"+k, v)
		}
		return postAs(t, cookie, u, form)
	}
	if code, body := post(map[string]string{"bidrag": "ung 3 500", "kostnad": "Ej aktuellt", "budget": "3 864*", "prognos": "4 577"}); code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, text(body))
	}
	_, _, report := getAs(t, cookie, srv.URL+periodPath+"/rapport")
	for _, want := range []string{
		`<td data-col="bidrag" class="num">ung` + "\u00a0" + `3` + "\u00a0" + `500</td>`,
		`<td data-col="kostnad" class="num">Ej aktuellt</td>`,
		`<td data-col="budget" class="num">3` + "\u00a0" + `864*</td>`,
		// Netto = bidrag − kostnad has no figure where kostnad is a word.
		`<td data-col="netto" class="num"></td>`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	_, _, page := getAs(t, cookie, u)
	for name, want := range map[string]string{"c-bidrag": "ung\u00a03\u00a0500", "c-kostnad": "Ej aktuellt", "c-budget": "3\u00a0864*"} {
		if v := fieldValue(page, name); v != want {
			t.Errorf("%s shows %q, want %q", name, v, want)
		}
	}

	for _, c := range []struct {
		name, field, value, msg string
	}{
		{"a letter touching the figure", "prognos", "4 57O", "gärna med ett tecken före eller efter"},
		{"a mark too long", "bidrag", "ungefärligen 3 500", "högst 10 tecken"},
		{"a word too long", "kostnad", "Ej aktuellt eftersom bidraget upphörde förra året", "högst 40 tecken"},
	} {
		code, body := post(map[string]string{c.field: c.value})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", c.name, code)
			continue
		}
		i := strings.Index(body, `id="c-`+c.field+`-fel"`)
		if i < 0 || !strings.Contains(html.UnescapeString(body[i:i+min(400, len(body)-i)]), c.msg) {
			t.Errorf("%s: no error beside c-%s saying %q", c.name, c.field, c.msg)
		}
	}
}

// fieldValue is the value of the form's input with the name.
func fieldValue(page, name string) string {
	i := strings.Index(page, `name="`+name+`"`)
	if i < 0 {
		return "(no field)"
	}
	rest := page[i:]
	j := strings.Index(rest, `value="`)
	if j < 0 || j > strings.Index(rest, ">") {
		return ""
	}
	rest = rest[j+len(`value="`):]
	return html.UnescapeString(rest[:strings.Index(rest, `"`)])
}

// TestFreeFormulaRowForm: a row computed by a row formula has a form for its label only;
// its figures are computed, and the report shows them from the rows they name.
func TestFreeFormulaRowForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, withEkonomi(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/fri/ekonomi/netto"
	status, _, page := getAs(t, cookie, u)
	if status != http.StatusOK || !strings.Contains(page, `name="c-post"`) || strings.Contains(page, `name="c-ar2024"`) {
		t.Fatalf("form of a formula row: %d, want a label field and no figure fields", status)
	}
	if !strings.Contains(html.UnescapeString(page), "intakter + kostnader") {
		t.Error("the form does not say how the row is computed")
	}
	form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"}, "c-post": {"Nettokostnad"}, "c-ar2024": {"1"}}
	if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, text(body))
	}
	_, _, report := getAs(t, cookie, srv.URL+periodPath+"/rapport")
	i := strings.Index(report, `id="tabell-ekonomi-netto"`)
	if i < 0 {
		t.Fatal("the report lacks the row")
	}
	row := report[i : i+strings.Index(report[i:], "</tr>")]
	// 10 135 − 69 731 and 11 251 − 73 300.
	for _, want := range []string{"Nettokostnad<", "−59\u00a0596", "−62\u00a0049"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row %q lacks %q", row, want)
		}
	}
}

// TestAPIFreeCells: the period's JSON shows a row's formula, its computed cells, words and
// marks; a PUT enters a word and a marked value with the same rules as the form and the
// file, naming each wrong field.
func TestAPIFreeCells(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, withEkonomi(t))
	tok := tokens["rapportor"]
	rowPath := ksPeriod + "/free-tables/statsbidrag/rows/msb"
	r := call(t, srv, "PUT", rowPath, tok, map[string]any{"version": 1, "cells": map[string]any{
		"namn":    map[string]any{"text": "MSB"},
		"bidrag":  map[string]any{"ore": 350_000_000, "before": "ung"},
		"kostnad": map[string]any{"text": "Ej aktuellt"},
		"budget":  map[string]any{"ore": 386_400_000, "after": "*"},
		"prognos": nil,
	}})
	if r.status != http.StatusOK {
		t.Fatalf("PUT: %d %s", r.status, r.raw)
	}
	validate(t, "SavedFreeRow", r.raw)
	if v := path(r.body, "row", "version"); v != float64(2) {
		t.Errorf("version %v, want 2", v)
	}
	for _, c := range []struct {
		col, key string
		want     any
	}{
		{"bidrag", "display", "ung\u00a03\u00a0500"}, {"bidrag", "before", "ung"}, {"bidrag", "ore", float64(350_000_000)},
		{"kostnad", "text", "Ej aktuellt"}, {"kostnad", "display", "Ej aktuellt"}, {"kostnad", "ore", nil},
		{"budget", "display", "3\u00a0864*"}, {"budget", "after", "*"},
		{"prognos", "display", nil},
		{"netto", "display", nil}, // bidrag − kostnad, and kostnad is a word
	} {
		if got := path(r.body, "row", "cells", c.col, c.key); got != c.want {
			t.Errorf("saved %s.%s = %v, want %v", c.col, c.key, got, c.want)
		}
	}

	g := call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
	validate(t, "PeriodDoc", g.raw)
	var eko any
	for _, ft := range g.body["free_tables"].([]any) {
		if path(ft, "id") == "ekonomi" {
			eko = ft
		}
	}
	if f := path(eko, "rows", 4, "formula"); f != "netto - budget" {
		t.Errorf("Budgetavvikelse's formula %v", f)
	}
	if d, c := path(eko, "rows", 4, "cells", "ar2025", "display"), path(eko, "rows", 4, "cells", "ar2025", "computed"); d != "1\u00a0070" || c != true {
		t.Errorf("Budgetavvikelse 2025: %v computed %v, want 1 070 computed", d, c)
	}
	if f := path(eko, "rows", 0, "formula"); f != nil {
		t.Errorf("an entered row has the formula %v", f)
	}

	for _, c := range []struct {
		name  string
		path  string
		cells map[string]any
		field string
	}{
		{"a word and a value", rowPath, map[string]any{"kostnad": map[string]any{"text": "Stängt", "ore": 0}}, "cells.kostnad"},
		{"a mark too long", rowPath, map[string]any{"budget": map[string]any{"ore": 100_000, "after": "se not nedan"}}, "cells.budget.after"},
		{"a mark in a text column", rowPath, map[string]any{"namn": map[string]any{"text": "MSB", "after": "*"}}, "cells.namn.after"},
		{"the wrong value field", rowPath, map[string]any{"bidrag": map[string]any{"count": 3}}, "cells.bidrag.count"},
		{"öre finer than the table's tkr", rowPath, map[string]any{"bidrag": map[string]any{"ore": 350_000_001}}, "cells.bidrag"},
		{"a computed column", rowPath, map[string]any{"netto": map[string]any{"ore": 0}}, "cells.netto"},
		{"a figure on a formula row", ksPeriod + "/free-tables/ekonomi/rows/netto", map[string]any{"ar2024": map[string]any{"ore": 100_000}}, "cells.ar2024"},
	} {
		cur := call(t, srv, "GET", ksPeriod, tok, nil)
		version := 0
		for _, ft := range cur.body["free_tables"].([]any) {
			for _, row := range path(ft, "rows").([]any) {
				if strings.HasSuffix(c.path, "/"+path(ft, "id").(string)+"/rows/"+path(row, "id").(string)) {
					version = int(path(row, "version").(float64))
				}
			}
		}
		r := call(t, srv, "PUT", c.path, tok, map[string]any{"version": version, "cells": c.cells})
		fields, _ := path(r.body, "error", "fields").([]any)
		if r.status != http.StatusUnprocessableEntity || len(fields) != 1 || path(fields[0], "field") != c.field {
			t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.status, r.raw, c.field)
		}
	}

	if r := call(t, srv, "PUT", ksPeriod+"/free-tables/ekonomi/rows/netto", tok, map[string]any{"version": 1,
		"cells": map[string]any{"post": map[string]any{"text": "Nettokostnad"}}}); r.status != http.StatusOK ||
		path(r.body, "row", "cells", "ar2024", "display") != "−59\u00a0596" {
		t.Errorf("the label of a formula row: %d %s", r.status, r.raw)
	}
	// A stale version answers with the row as it is saved now.
	r = call(t, srv, "PUT", rowPath, tok, map[string]any{"version": 1, "cells": map[string]any{}})
	if r.status != http.StatusConflict || path(r.body, "current", "row", "cells", "kostnad", "text") != "Ej aktuellt" {
		t.Errorf("stale version: %d %s", r.status, r.raw)
	}
	validate(t, "FreeRowConflict", r.raw)
	if r := call(t, srv, "PUT", ksPeriod+"/free-tables/ekonomi/rows/saknas", tok, map[string]any{"version": 1}); r.status != http.StatusNotFound {
		t.Errorf("an unknown row: %d", r.status)
	}
}
