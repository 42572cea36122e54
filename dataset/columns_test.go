package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// declaredTables are two money tables with declared columns: income, cost and net per
// row; and budget, budget changes, revised budget, outcome and what remains.
const declaredTables = `    money_tables:
      - id: netto
        title: Intäkter och kostnader
        amount_unit: tkr
        columns:
          - {id: intakt, kind: income, group: Perioden jan–apr}
          - {id: kostnad, kind: cost, group: Perioden jan–apr}
          - {id: netto, kind: net, group: Perioden jan–apr}
          - {id: fg, kind: prior_outcome, heading: Netto, group: Föregående år, period: prior_year}
        rows:
          - {id: skola, label: Skola, intakt: 120, kostnad: -900, fg: -760}
      - id: invest
        title: Investeringar
        amount_unit: mnkr
        columns:
          - {id: budget, kind: budget}
          - {id: omb, kind: budget_change, heading: Ombudgetering}
          - {id: rev, kind: revised_budget, of: [budget, omb]}
          - {id: utfall, kind: outcome, period: year}
          - {id: kvar, kind: remaining, of: [rev, utfall]}
        rows:
          - {id: bad, label: Badhus, budget: -40.5, omb: -3, utfall: -20}
`

// withDeclared is the bad-input base with its money table replaced by declaredTables.
func withDeclared(t *testing.T) string {
	t.Helper()
	i := strings.Index(valid, "    money_tables:\n")
	if i < 0 {
		t.Fatal("the base has no money tables")
	}
	return valid[:i] + declaredTables
}

func TestDeclaredColumnsDecode(t *testing.T) {
	ds, err := dataset.Decode([]byte(withDeclared(t)), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tables := ds.Periods[0].MoneyTables
	netto, invest := &tables[0], &tables[1]
	if len(netto.Columns) != 0 || len(netto.Declared) != 4 {
		t.Fatalf("columns %v, declared %v", netto.Columns, netto.Declared)
	}
	want := tertial.MoneyColumnDef{ID: "fg", Kind: tertial.KindPriorOutcome, Heading: "Netto", Group: "Föregående år", Period: tertial.PeriodPriorYear}
	if got := netto.Declared[3]; got.ID != want.ID || got.Kind != want.Kind || got.Heading != want.Heading || got.Group != want.Group || got.Period != want.Period {
		t.Errorf("declared column %+v, want %+v", got, want)
	}
	// A net without of is computed from the table's income and cost columns.
	if l := netto.Layout(); len(l[2].Of) != 2 || l[2].Of[0] != "intakt" || l[2].Of[1] != "kostnad" || l[2].Heading != "Netto" {
		t.Errorf("net column in the layout: %+v", l[2])
	}
	row := netto.Rows[0]
	if row.Amounts["intakt"] != 120_000_00 || row.Amounts["kostnad"] != -900_000_00 || row.Amounts["fg"] != -760_000_00 {
		t.Errorf("row amounts %v", row.Amounts)
	}
	if got := invest.AmountColumns(); strings.Join(ids(got), ",") != "budget,omb,utfall" {
		t.Errorf("amount columns %v, want budget, omb, utfall (rev and kvar are computed)", got)
	}
	if a := invest.Rows[0].Amounts["budget"]; a != -40_500_000_00 {
		t.Errorf("budget %d öre, want -40.5 mnkr", a)
	}
}

func ids(cs []tertial.MoneyColumn) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// TestDeclaredColumnsRoundTrip: a file with declared columns exports as it was read, and
// the export reads back to the same export.
func TestDeclaredColumnsRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(withDeclared(t)), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("- {id: omb, kind: budget_change, heading: Ombudgetering}")) ||
		!bytes.Contains(out, []byte("- {id: kvar, kind: remaining, of: [rev, utfall]}")) {
		t.Errorf("export lacks the declared columns:\n%s", out)
	}
	ds2, err := dataset.Decode(out, "export.yaml")
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	out2, err := dataset.Encode(ds2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("export → import → export differs: %s", firstDiff(out, out2))
	}
}

// TestDeclaredColumnsBadInput: each mistake in a declared column gets its file, line,
// path and what is wrong.
func TestDeclaredColumnsBadInput(t *testing.T) {
	const tbl = "periods[0].money_tables[1]"
	for _, c := range []struct {
		name       string
		old, new   string
		line       int
		path, text string
	}{
		{"unknown kind", "kind: budget_change", "kind: ombudgetering",
			66, tbl + ".columns[1].kind", `okänt slag av kolumn "ombudgetering"`},
		{"unknown period", "kind: outcome, period: year", "kind: outcome, period: kvartal",
			68, tbl + ".columns[3].period", `okänd period "kvartal"`},
		{"duplicate ID", "{id: omb, kind", "{id: budget, kind",
			66, tbl + ".columns[1].id", `"budget"`},
		{"reserved ID", "{id: omb, kind", "{id: label, kind",
			66, tbl + ".columns[1].id", "raderna använder det ordet"},
		{"operand missing", "of: [rev, utfall]", "of: [rev, prognos]",
			69, tbl + ".columns[4].of[1]", `ingen kolumn "prognos"`},
		{"one operand", "of: [rev, utfall]", "of: [rev]",
			69, tbl + ".columns[4].of", "två kolumn-id, har 1"},
		{"of on an entered kind", "kind: outcome, period: year", "kind: outcome, of: [budget, omb]",
			68, tbl + ".columns[3].of", "räknas inte fram"},
		{"self reference", "of: [rev, utfall]", "of: [kvar, utfall]",
			69, tbl + ".columns[4].of[0]", "ur sig själv"},
		{"ring", "of: [budget, omb]", "of: [budget, kvar]",
			64, tbl + ".columns", "i en ring"},
		{"net without income", "{id: intakt, kind: income, group: Perioden jan–apr}", "{id: intakt, kind: outcome, group: Perioden jan–apr}",
			57, "periods[0].money_tables[0].columns[2].of", "intäkts- och en kostnadskolumn"},
		{"amount in a computed column", "omb: -3, utfall: -20}", "omb: -3, utfall: -20, kvar: 5}",
			71, tbl + ".rows[0].kvar", `kolumnen "kvar" räknas fram`},
		{"amount in no column", "omb: -3, utfall: -20}", "omb: -3, utfall: -20, prognos: 5}",
			71, tbl + ".rows[0].prognos", `okänt fält "prognos"`},
		{"old and declared mixed", "          - {id: budget, kind: budget}\n", "          - budget\n",
			66, tbl + ".columns[1]", "här ska det stå ett kolumnnamn"},
		{"heading with a control character", "heading: Ombudgetering", `heading: "Om\u0007budgetering"`,
			66, tbl + ".columns[1].heading", "styrtecken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			badInput(t, withDeclared(t), c.old, c.new, c.line, c.path, c.text)
		})
	}
}

// TestSchemaAcceptsDeclaredColumns: the JSON Schema accepts a file with declared columns
// and rejects a declared column of an unknown kind.
func TestSchemaAcceptsDeclaredColumns(t *testing.T) {
	s := compileSchema(t)
	base := withDeclared(t)
	if err := validateYAML(t, s, []byte(base)); err != nil {
		t.Errorf("declared columns: %v", err)
	}
	bad := strings.Replace(base, "kind: budget_change", "kind: ombudgetering", 1)
	if err := validateYAML(t, s, []byte(bad)); err == nil {
		t.Error("the schema accepts an unknown kind of column")
	}
}
