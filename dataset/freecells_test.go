package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// freeCells are three tables of Simrishamn's Kultur- och fritidsnämnden, årsbokslut 2025:
// "Ekonomi (tkr)" with its derived rows as row formulas, the grants of Allmän
// kulturverksamhet with a footnote mark (−400*) and a row of words (Ej aktuellt), and the
// library's visitors with "ung" (ungefär) before two counts. Written in the export's
// canonical form.
const freeCells = `    free_tables:
      - id: ekonomi
        title: Ekonomi
        amount_unit: tkr
        columns:
          - {id: post, label: Ekonomi (tkr), type: text}
          - {id: ar2024, label: "2024", type: amount}
          - {id: ar2025, label: "2025", type: amount}
        rows:
          - {id: intakter, cells: {post: Intäkter, ar2024: 10135, ar2025: 11251}}
          - {id: kostnader, cells: {post: Kostnader, ar2024: -69731, ar2025: -73300}}
          - {id: netto, formula: intakter + kostnader, cells: {post: Nettokostnader}}
          - {id: budget, cells: {post: Budget, ar2024: -59689, ar2025: -63119}}
          - {id: avvikelse, formula: netto - budget, cells: {post: Budgetavvikelse}}
          - {id: nettoinv, cells: {post: Nettoinvesteringar, ar2024: 2329, ar2025: 5403}}
          - {id: budget_inv, cells: {post: Budget, ar2024: 4259, ar2025: 10525}}
          - {id: avvikelse_inv, formula: nettoinv - budget_inv, cells: {post: Budgetavvikelse}}
      - id: bidrag-kultur
        title: Allmän kulturverksamhet
        amount_unit: tkr
        sum_label: Totalt
        columns:
          - {id: bidrag, label: Bidrag, type: text}
          - {id: b2025, label: Bokslut 2025, type: amount, sum: true}
          - {id: budget2025, label: Budget 2025, type: amount, sum: true}
          - {id: antal2025, label: Antal 2025, type: count, sum: true}
        rows:
          - {id: arrangor, cells: {bidrag: Arrangörsbidrag för kulturföreningar, b2025: -718, budget2025: -718, antal2025: 27}}
          - {id: verksamhet, cells: {bidrag: Verksamhetsstöd för kulturverksamheter, b2025: -450, budget2025: -450, antal2025: 4}}
          - {id: studieforbund, cells: {bidrag: Studieförbundsbidrag, b2025: -397, budget2025: {value: -400, after: '*'}, antal2025: 9}}
          - {id: kultur-arrangor, cells: {bidrag: Kultur- och arrangörsbidrag, b2025: {text: Ej aktuellt}, budget2025: {text: Ej aktuellt}, antal2025: {text: Ej aktuellt}}}
      - id: bibliotek
        title: Folkbibliotek
        amount_unit: tkr
        columns:
          - {id: statistik, label: Statistik, type: text}
          - {id: b2023, label: Bokslut 2023, type: count}
          - {id: b2024, label: Bokslut 2024, type: count}
          - {id: b2025, label: Bokslut 2025, type: count}
          - {id: andel, label: Andel av budget, type: percent}
        rows:
          - {id: besok, cells: {statistik: Bibliotek och buss, b2023: 117271, b2024: {value: 116000, before: ung}, b2025: {value: 116000, before: ung}, andel: {value: 105.5, before: ung, after: '*'}}}
`

func withFreeCells() string { return valid + freeCells }

// lineOf is the line of the first occurrence of s in text.
func TestFreeCellsDecode(t *testing.T) {
	ds, err := dataset.Decode([]byte(withFreeCells()), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fts := ds.Periods[0].FreeTables
	eko := fts[0]
	if f := eko.Rows[2].Formula; f.String() != "intakter + kostnader" || eko.Rows[2].Cells["post"].Text != "Nettokostnader" || len(eko.Rows[2].Cells) != 1 {
		t.Errorf("netto: %+v", eko.Rows[2])
	}
	if f := eko.Rows[7].Formula; len(f) != 2 || f[1].Column != "budget_inv" || !f[1].Negative {
		t.Errorf("avvikelse_inv's formula %+v", f)
	}
	if len(eko.Rows[0].Formula) != 0 {
		t.Errorf("an entered row got a formula: %+v", eko.Rows[0].Formula)
	}
	bidrag := fts[1]
	if c := bidrag.Rows[2].Cells["budget2025"]; c.Amount != -40_000_000 || c.After != "*" || c.Before != "" || c.Text != "" {
		t.Errorf("−400*: %+v", c)
	}
	if c := bidrag.Rows[3].Cells["antal2025"]; c.Text != "Ej aktuellt" || c.Count != 0 || !c.IsWord(tertial.ColCount) {
		t.Errorf("word cell: %+v", c)
	}
	if c := fts[2].Rows[0].Cells["b2024"]; c.Count != 116000 || c.Before != "ung" {
		t.Errorf("ung 116 000: %+v", c)
	}
	if c := fts[2].Rows[0].Cells["andel"]; c.Number.String() != "105.5" || c.Before != "ung" || c.After != "*" {
		t.Errorf("ung 105,5 %% *: %+v", c)
	}
}

// TestFreeCellsRoundTrip: row formulas, words and marks export as they were written, and
// export → import → export is byte-identical.
func TestFreeCellsRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(withFreeCells()), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(first, []byte(freeCells)) {
		t.Errorf("export lacks the tables as written; export:\n%s", first)
	}
	again, err := dataset.Decode(first, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s", firstDiff(first, second))
	}
}

// TestFreeCellsBadInput: every mistake in a row formula or a cell's fields is reported
// with the file, the line and the field.
func TestFreeCellsBadInput(t *testing.T) {
	base := withFreeCells()
	// A group, for a formula to name.
	grouped := strings.Replace(base, "          - {id: nettoinv, cells: {post: Nettoinvesteringar, ar2024: 2329, ar2025: 5403}}\n",
		"          - {id: grupp, rows: [{id: nettoinv, cells: {post: Nettoinvesteringar, ar2024: 2329, ar2025: 5403}}]}\n", 1)
	for _, c := range []struct {
		name     string
		old, new string
		at       string // the text on the error's line, in the changed file
		path     string
		text     string
	}{
		{"unknown row", "formula: netto - budget,", "formula: netto - budjet,", "formula: netto - budjet,",
			"periods[0].free_tables[0].rows[4].formula", `raden "budjet", som tabellen inte har`},
		{"a group", "formula: netto - budget,", "formula: netto - grupp,", "formula: netto - grupp,",
			"periods[0].free_tables[0].rows[4].formula", `"grupp", som är en grupp`},
		{"computed from itself", "formula: intakter + kostnader,", "formula: intakter + netto,", "formula: intakter + netto,",
			"periods[0].free_tables[0].rows[2].formula", `"netto" räknas fram ur sig själv`},
		{"a cycle through other rows", "formula: intakter + kostnader,", "formula: intakter + avvikelse,", "formula: intakter + avvikelse,",
			"periods[0].free_tables[0].rows[2].formula", "netto → avvikelse → netto"},
		{"not a formula", "formula: intakter + kostnader,", "formula: intakter+kostnader,", "formula: intakter+kostnader,",
			"periods[0].free_tables[0].rows[2].formula", "skriv mellanslag runt + och -"},
		{"a value on a formula row", "{post: Nettokostnader}", "{post: Nettokostnader, ar2025: -62049}", "{post: Nettokostnader, ar2025",
			"periods[0].free_tables[0].rows[2].cells.ar2025", `räknas fram (intakter + kostnader) och tar inga värden`},
		{"a formula on a group", "          - {id: budget, cells: {post: Budget, ar2024: -59689, ar2025: -63119}}\n",
			"          - {id: grupp, formula: intakter, rows: []}\n", "{id: grupp, formula",
			"periods[0].free_tables[0].rows[3].formula", "är en grupp (den har rows) och kan inte räknas fram"},
		{"a word and a value", "{text: Ej aktuellt}, budget2025", "{text: Ej aktuellt, value: 0}, budget2025", "{text: Ej aktuellt, value: 0}",
			"periods[0].free_tables[1].rows[3].cells.b2025.text", `både ordet "Ej aktuellt" och ett värde`},
		{"a word with a mark", "budget2025: {text: Ej aktuellt}", "budget2025: {text: Ej aktuellt, after: '*'}", "{text: Ej aktuellt, after",
			"periods[0].free_tables[1].rows[3].cells.budget2025", "kan inte ha tecken före eller efter"},
		{"an empty word", "antal2025: {text: Ej aktuellt}", "antal2025: {text: ''}", "antal2025: {text: ''}",
			"periods[0].free_tables[1].rows[3].cells.antal2025.text", "ordet är tomt"},
		{"a word too long", "antal2025: {text: Ej aktuellt}", "antal2025: {text: Ej aktuellt eftersom bidraget upphörde år 2023}", "eftersom bidraget",
			"periods[0].free_tables[1].rows[3].cells.antal2025.text", "högst 40 tecken, det har 46"},
		{"a mark too long", "{value: -400, after: '*'}", "{value: -400, after: se fotnoten nedan}", "se fotnoten nedan",
			"periods[0].free_tables[1].rows[2].cells.budget2025.after", "högst 10 tecken"},
		{"a mark with space around it", "{value: 116000, before: ung}, b2025", "{value: 116000, before: ' ung'}, b2025", "before: ' ung'",
			"periods[0].free_tables[2].rows[0].cells.b2024.before", "får inte börja eller sluta med mellanslag"},
		{"fields without a value", "{value: -400, after: '*'}", "{after: '*'}", "budget2025: {after",
			"periods[0].free_tables[1].rows[2].cells.budget2025", "cellen saknar value"},
		{"an unknown field", "{value: -400, after: '*'}", "{value: -400, efter: '*'}", "efter: '*'",
			"periods[0].free_tables[1].rows[2].cells.budget2025.efter", `okänt fält "efter"`},
		{"a value that is not one", "{value: 116000, before: ung}, b2025", "{value: 116 tusen, before: ung}, b2025", "116 tusen",
			"periods[0].free_tables[2].rows[0].cells.b2024.value", "är inte ett heltal"},
		{"fields in a text column", "{bidrag: Studieförbundsbidrag,", "{bidrag: {text: Studieförbundsbidrag},", "{bidrag: {text",
			"periods[0].free_tables[1].rows[2].cells.bidrag", "ett enkelt värde"},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := base
			if strings.Contains(c.new, "grupp,") {
				base = grouped
			}
			changed := strings.Replace(base, c.old, c.new, 1)
			badInput(t, base, c.old, c.new, lineOf(t, changed, c.at), c.path, c.text)
		})
	}
}

// TestSchemaFreeCells: the schema accepts row formulas, words and marks, and rejects what
// the importer rejects in a cell's fields: a word beside a value, a word with a mark, no
// value, an unknown field, a mark too long.
func TestSchemaFreeCells(t *testing.T) {
	s := compileSchema(t)
	if err := validateYAML(t, s, []byte(withFreeCells())); err != nil {
		t.Errorf("schema rejects the tables: %v", err)
	}
	for _, c := range []struct{ name, old, new string }{
		{"a word and a value", "{text: Ej aktuellt}, budget2025", "{text: Ej aktuellt, value: 0}, budget2025"},
		{"a word with a mark", "budget2025: {text: Ej aktuellt}", "budget2025: {text: Ej aktuellt, after: '*'}"},
		{"no value", "{value: -400, after: '*'}", "{after: '*'}"},
		{"an unknown field", "{value: -400, after: '*'}", "{value: -400, efter: '*'}"},
		{"a mark too long", "{value: -400, after: '*'}", "{value: -400, after: se fotnoten nedan}"},
		{"not a formula", "formula: intakter + kostnader,", "formula: intakter+kostnader,"},
	} {
		if err := validateYAML(t, s, []byte(strings.Replace(withFreeCells(), c.old, c.new, 1))); err == nil {
			t.Errorf("%s: schema accepted it", c.name)
		}
	}
}
