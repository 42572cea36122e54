package dataset_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// statementsBlock is a municipality's own statement mapping and entered budget as a user
// writes them: depreciation booked on 79 only, group 86 taken among the financial costs,
// a note row added.
const statementsBlock = `statements:
  mapping:
    - row: verksamhetens-kostnader
      terms:
        - {measure: movement, accounts: ["4-78"]}
    - row: avskrivningar
      terms:
        - {measure: movement, accounts: ["79"]}
      note: 3
      note_rows:
        - {label: Avskrivningar byggnader, accounts: ["791"]}
        - {id: ovriga-avskrivningar, label: Övriga avskrivningar, accounts: ["79"]}
    - row: finansiella-kostnader
      terms:
        - {measure: movement, accounts: ["85-86"], except: ["8690"]}
      note: 7
  budget:
    - {year: 2025, row: skatteintakter, amount: 412500000}
    - {year: 2025, row: verksamhetens-kostnader, amount: -398000000.50}
  forecast:
    - {through: 2025-08, row: skatteintakter, amount: 410900000}
    - {through: 2025-08, row: finansiella-kostnader, amount: -3100000.25}
`

// TestStatementsRoundTrip: the statements block reads as written, the layout it makes
// takes the accounts it says, the export is fixed and accepted by the schema, and export →
// import → export gives the same bytes.
func TestStatementsRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(valid+statementsBlock), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := ds.Statements
	if len(s.Mapping) != 3 || s.Mapping[1].Note != 3 || len(s.Mapping[1].NoteRows) != 2 || s.Mapping[1].NoteRows[1].ID != "ovriga-avskrivningar" {
		t.Fatalf("mapping %+v", s.Mapping)
	}
	if tm := s.Mapping[2].Terms[0]; tm.Measure != tertial.MeasureMovement || !tm.Takes("8610") || tm.Takes("8690") {
		t.Errorf("term %+v", tm)
	}
	if b := s.BudgetOf(2025); b["skatteintakter"] != 41_250_000_000 || b["verksamhetens-kostnader"] != -39_800_000_050 || s.BudgetOf(2024) != nil {
		t.Errorf("budget %v", b)
	}
	if f := s.ForecastOf(202508); f["skatteintakter"] != 41_090_000_000 || f["finansiella-kostnader"] != -310_000_025 || s.ForecastOf(202504) != nil {
		t.Errorf("forecast %v", f)
	}
	l := ds.StatementLayoutOrDefault()
	if r, _ := l.Row("avskrivningar"); r.Terms[0].Takes("7810") || !r.Terms[0].Takes("7910") {
		t.Errorf("avskrivningar takes %+v", r.Terms)
	}
	if r, _ := l.Row("verksamhetens-kostnader"); !r.Terms[0].Takes("7810") {
		t.Errorf("verksamhetens-kostnader takes %+v", r.Terms)
	}
	if r, _ := tertial.DefaultStatementLayout().Row("avskrivningar"); !r.Terms[0].Takes("7810") {
		t.Error("the mapping changed the default layout")
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"{measure: movement, accounts: [\"85-86\"], except: [\"8690\"]}", "amount: -398000000.50}", "note: 3\n",
		"{through: 2025-08, row: finansiella-kostnader, amount: -3100000.25}"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	if err := validateYAML(t, compileSchema(t), out); err != nil {
		t.Errorf("schema rejects the export: %v", err)
	}
	again, err := dataset.Decode(out, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", out, out2)
	}
}

// TestStatementsBadInput: each mistake is named with its path, field and what is wrong,
// and the format's mistakes with their line.
func TestStatementsBadInput(t *testing.T) {
	src := valid + statementsBlock
	for _, c := range []struct{ name, old, new, want, path, at string }{
		{"bad account range", `accounts: ["79"]}`, `accounts: ["7x"]}`, "7x", "statements.mapping[1].terms[0].accounts[0]", `["7x"]`},
		{"terms missing", "    - row: verksamhetens-kostnader\n      terms:\n        - {measure: movement, accounts: [\"4-78\"]}\n",
			"    - row: verksamhetens-kostnader\n", `fältet "terms" saknas`, "statements.mapping[0].terms", "    - row: verksamhetens-kostnader"},
		{"unknown key", "      note: 7\n", "      note: 7\n      sign: 1\n", `okänt fält "sign"`, "statements.mapping[2].sign", "sign: 1"},
		{"budget amount with three decimals", "-398000000.50", "-398000000.505", "fler än 2 decimaler", "statements.budget[1].amount", "-398000000.505"},
		{"unknown row", "row: finansiella-kostnader", "row: rantekostnader", `ingen rad "rantekostnader"`, "statements.mapping[2].row", ""},
		{"a sum row", "row: finansiella-kostnader", "row: arets-resultat", "tar inga konton", "statements.mapping[2].row", ""},
		{"an account on two rows", `accounts: ["4-78"]`, `accounts: ["4-79"]`, `tas redan av raden "verksamhetens-kostnader"`, "statements.mapping[1].terms[0].accounts", ""},
		{"an account shared with a default row", `accounts: ["85-86"]`, `accounts: ["84-86"]`, `tas redan av raden "finansiella-intakter"`, "statements.mapping[2].terms[0].accounts", ""},
		{"a note number taken", "      note: 7\n", "      note: 1\n", `not 1 hör redan till raden "verksamhetens-intakter"`, "statements.mapping[2].note", ""},
		{"a balance measure on the resultaträkning", "measure: movement, accounts: [\"79\"]", "measure: closing, accounts: [\"79\"]", "resultaträkningen tar årets belopp", "statements.mapping[1].terms[0].measure", ""},
		{"budget on a balance row", "row: skatteintakter", "row: kassa-och-bank", "bara anges för resultaträkningens rader", "statements.budget[0].row", ""},
		{"budget on a sum row", "row: skatteintakter", "row: arets-resultat", "bara anges för resultaträkningens rader", "statements.budget[0].row", ""},
		{"budget twice", "row: verksamhetens-kostnader, amount", "row: skatteintakter, amount", "två gånger", "statements.budget[1].row", ""},
		{"forecast month not a month", "through: 2025-08, row: skatteintakter", "through: 2025-8, row: skatteintakter", `"2025-8" är ingen månad`, "statements.forecast[0].through", "through: 2025-8"},
		{"forecast in December", "through: 2025-08, row: skatteintakter", "through: 2025-12, row: skatteintakter", "före årets slut", "statements.forecast[0].through", ""},
		{"forecast month missing", "through: 2025-08, row: skatteintakter", "row: skatteintakter", `fältet "through" saknas`, "statements.forecast[0].through", ""},
		{"forecast on a sum row", "row: finansiella-kostnader, amount: -3100000.25", "row: arets-resultat, amount: -3100000.25", "prognos kan bara anges", "statements.forecast[1].row", ""},
		{"forecast twice", "row: finansiella-kostnader, amount: -3100000.25", "row: skatteintakter, amount: -3100000.25", "två gånger", "statements.forecast[1].row", ""},
	} {
		bad := strings.Replace(src, c.old, c.new, 1)
		if bad == src {
			t.Fatalf("%s: %q is not in the source", c.name, c.old)
		}
		_, err := dataset.Decode([]byte(bad), "provby.yaml")
		var es dataset.Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Errorf("%s: got %v, want an error", c.name, err)
			continue
		}
		// The first error is the mistake's (a range that cannot be read leaves its term
		// without accounts, which the rule set says next).
		if !strings.Contains(es[0].Message, c.want) || es[0].Path != c.path {
			t.Errorf("%s: got %v, want %q at %s", c.name, es, c.want, c.path)
		}
		if c.at != "" {
			if want := 1 + strings.Count(bad[:strings.Index(bad, c.at)], "\n"); es[0].Line != want {
				t.Errorf("%s: line %d, want %d", c.name, es[0].Line, want)
			}
		}
	}
}
