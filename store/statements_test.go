package store_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// statementSetup maps depreciation to 79 only (78 among the other costs), adds group 86 to
// the financial costs but 8690, gives avskrivningar note rows, and enters two budget rows.
func statementSetup() ([]tertial.StatementRowMapping, []tertial.StatementBudget) {
	r := func(s ...string) []tertial.AccountRange {
		out := make([]tertial.AccountRange, len(s))
		for i, x := range s {
			out[i], _ = tertial.ParseAccountRange(x)
		}
		return out
	}
	return []tertial.StatementRowMapping{
			{Row: "verksamhetens-kostnader", Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("4-78")}}, Note: 2},
			{Row: "avskrivningar", Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("79")}}, Note: 3,
				NoteRows: []tertial.NoteRow{{Label: "Byggnader", Accounts: r("791")}, {ID: "ovriga-avskrivningar", Label: "Övrigt", Accounts: r("79")}}},
			{Row: "finansiella-kostnader", Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("85-86"), Except: r("8690")}}, Note: 7},
		}, []tertial.StatementBudget{
			{Year: 2025, Row: "skatteintakter", Amount: 41_250_000_000},
			{Year: 2025, Row: "verksamhetens-kostnader", Amount: -39_800_000_050},
		}
}

// TestStatementSetupStored: the statements' mapping and budget are saved with a version
// on both databases and read back as saved; a save from an old version is refused, as is
// one the rule set refuses (its problem at the dataset path), and neither changes
// anything; the change is audited; "återställ standard" (no mapping) goes back to the
// default; export → import → export is byte-identical and an import moves the version on.
func TestStatementSetupStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !before.Statements.IsEmpty() || before.Statements.Version < 1 {
			t.Fatalf("a dataset without statements: %+v", before.Statements)
		}
		mapping, budget := statementSetup()
		forecast := []tertial.StatementForecast{{Through: 202508, Row: "skatteintakter", Amount: 41_100_000_000},
			{Through: 202504, Row: "finansiella-kostnader", Amount: -320_000_050}}
		v, err := db.SaveStatementSetup(ctx, "controller", "0126", before.Statements.Version, mapping, budget, forecast)
		if err != nil {
			t.Fatal(err)
		}
		if v != before.Statements.Version+1 {
			t.Errorf("version %d after %d", v, before.Statements.Version)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ds.Statements.Mapping, mapping) || !reflect.DeepEqual(ds.Statements.Budget, budget) ||
			!reflect.DeepEqual(ds.Statements.Forecast, forecast) || ds.Statements.Version != v {
			t.Fatalf("stored %+v\nwant %+v %+v %+v", ds.Statements, mapping, budget, forecast)
		}
		if f := ds.Statements.ForecastOf(202508); len(f) != 1 || f["skatteintakter"] != 41_100_000_000 {
			t.Errorf("forecast of 2025-08: %v", f)
		}
		if r, _ := ds.StatementLayoutOrDefault().Row("avskrivningar"); r.Terms[0].Takes("7810") {
			t.Error("the stored layout still takes 78 as depreciation")
		}

		// A stale version, then an account on two rows: both refused, nothing changes.
		saved := encode(t, ds)
		if _, err := db.SaveStatementSetup(ctx, "controller", "0126", v-1, nil, nil, nil); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a stale save: %v", err)
		}
		bad := append([]tertial.StatementRowMapping(nil), mapping...)
		bad[1].Terms = []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: mapping[0].Terms[0].Accounts}}
		_, err = db.SaveStatementSetup(ctx, "controller", "0126", v, bad, budget, nil)
		if ps := tertial.ProblemsOf(err); len(ps) == 0 || ps[0].Path != "statements.mapping[1].terms[0].accounts" {
			t.Errorf("an account on two rows: %v", err)
		}
		december := []tertial.StatementForecast{{Through: 202512, Row: "skatteintakter", Amount: 1}}
		_, err = db.SaveStatementSetup(ctx, "controller", "0126", v, mapping, budget, december)
		if ps := tertial.ProblemsOf(err); len(ps) == 0 || ps[0].Path != "statements.forecast[0].through" {
			t.Errorf("a forecast made in December: %v", err)
		}
		if now, _ := db.Dataset(ctx, "0126"); !bytes.Equal(saved, encode(t, now)) {
			t.Error("a refused save changed the dataset")
		}

		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "statement_setup", Key: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, e := range log {
			fields[e.Field] = e.New
		}
		if !strings.Contains(fields["mapping"], "avskrivningar: movement 79") || !strings.Contains(fields["budget"], "2025 skatteintakter") ||
			!strings.Contains(fields["forecast"], "2025-04 finansiella-kostnader: -3200000.50") {
			t.Errorf("audit %+v", log)
		}

		// Export → import into a fresh database → export.
		first := encode(t, ds)
		if !bytes.Contains(first, []byte("statements:")) || !bytes.Contains(first, []byte("through: 2025-08")) {
			t.Fatalf("the export lacks the statements:\n%s", first)
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		back, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, encode(t, back)) {
			t.Error("export → import → export differs")
		}
		// An import over the saved setup moves its version on: a form opened before it
		// meets a conflict.
		if err := db.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		re, _ := db.Dataset(ctx, "0126")
		if re.Statements.Version <= v {
			t.Errorf("version %d after an import over version %d", re.Statements.Version, v)
		}

		// Återställ standard, keeping the budget.
		if _, err := db.SaveStatementSetup(ctx, "controller", "0126", re.Statements.Version, nil, budget, nil); err != nil {
			t.Fatal(err)
		}
		def, _ := db.Dataset(ctx, "0126")
		if len(def.Statements.Mapping) != 0 || len(def.Statements.Budget) != 2 {
			t.Errorf("after återställ: %+v", def.Statements)
		}
		if r, _ := def.StatementLayoutOrDefault().Row("avskrivningar"); !r.Terms[0].Takes("7810") {
			t.Error("the default is not back")
		}
	})
}
