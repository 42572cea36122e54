package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// economyDoc is the economy's JSON as a client reads it, amounts as exact integers.
type economyDoc struct {
	Version    string `json:"version"`
	KeyFigures []struct {
		Year     int     `json:"year"`
		TaxRate  *string `json:"tax_rate"`
		LoanDebt *int64  `json:"loan_debt"`
	} `json:"key_figures"`
	FinancialGoals []map[string]any `json:"financial_goals"`
	FinanceItems   []struct {
		Year   int    `json:"year"`
		Label  string `json:"label"`
		Amount int64  `json:"amount"`
	} `json:"finance_items"`
	BalanceAdjustments []map[string]any `json:"balance_adjustments"`
	Reserve            []map[string]any `json:"reserve"`
	Deficits           []map[string]any `json:"deficits"`
	Eliminations       []struct {
		Company string `json:"company"`
		Debit   struct {
			Row    string `json:"row"`
			Amount int64  `json:"amount"`
		} `json:"debit"`
	} `json:"eliminations"`
}

func decodeEconomy(t *testing.T, raw []byte) economyDoc {
	t.Helper()
	var d economyDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%v: %.300s", err, raw)
	}
	return d
}

// TestAPIEconomy: GET …/economy gives the economy the Ekby demo holds, in öre and
// decimal strings, with its version; a reader's PUT is 403; a controller's PUT of what
// the GET gave, changed, is saved and read back; a row the rules refuse is a 422 naming
// its path in the dataset format, a decimal that is none too, and a missing version;
// an old version is 409 with the economy as saved now; nothing refused changes anything.
func TestAPIEconomy(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	demo := ekbyDemo(t)
	srv, tokens := apiSite(t, db, demo, demoDataset(t))
	const url = "/api/v1/municipalities/9901/economy"
	ctx := context.Background()
	stored := func() tertial.Economy {
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		return ds.Economy
	}

	r := call(t, srv, "GET", url, tokens["lasare-ekby"], nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET: %d %.300s", r.status, r.raw)
	}
	validate(t, "Economy", r.raw)
	got := decodeEconomy(t, r.raw)
	want := &demo.Economy
	if got.Version != tertial.EconomyVersion(want) || got.Version == "" {
		t.Errorf("version %q, the demo's %q", got.Version, tertial.EconomyVersion(want))
	}
	if len(got.KeyFigures) != len(want.KeyFigures) || len(got.FinancialGoals) != len(want.FinancialGoals) ||
		len(got.FinanceItems) != len(want.FinanceItems) || len(got.BalanceAdjustments) != len(want.BalanceAdjustments) ||
		len(got.Reserve) != len(want.Reserve) || len(got.Deficits) != len(want.Deficits) || len(got.Eliminations) != len(want.Eliminations) {
		t.Fatalf("the lists' lengths differ from the demo's: %.600s", r.raw)
	}
	if len(want.Eliminations) == 0 || len(want.KeyFigures) == 0 || len(want.FinanceItems) < 2 {
		t.Fatal("the demo has no eliminations, key figures or finance items to compare")
	}
	if e := got.Eliminations[0]; e.Company != want.Eliminations[0].Company || e.Debit.Row != want.Eliminations[0].Debit.Row ||
		e.Debit.Amount != int64(want.Eliminations[0].Debit.Amount) {
		t.Errorf("the first elimination %+v, the demo's %+v", e, want.Eliminations[0])
	}
	for i, k := range want.KeyFigures {
		if k.TaxRate != nil && (got.KeyFigures[i].TaxRate == nil || *got.KeyFigures[i].TaxRate != k.TaxRate.String()) {
			t.Errorf("key figures %d: tax rate %v, the demo's %s", k.Year, got.KeyFigures[i].TaxRate, k.TaxRate)
		}
	}
	if !strings.Contains(string(r.raw), `"tax_rate":"`) {
		t.Error("the tax rate is not a decimal string")
	}
	before := got.Version

	// The body a client sends back: what the GET gave, the last year's loan debt changed
	// and the second finance item left out.
	body := func(change func(m map[string]any)) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(r.raw, &m); err != nil {
			t.Fatal(err)
		}
		change(m)
		return m
	}
	last := len(want.KeyFigures) - 1
	edit := body(func(m map[string]any) {
		m["key_figures"].([]any)[last].(map[string]any)["loan_debt"] = int64(1_250_000_000_05)
		items := m["finance_items"].([]any)
		m["finance_items"] = append(items[:1:1], items[2:]...)
	})
	if r := call(t, srv, "PUT", url, tokens["lasare-ekby"], edit); r.status != http.StatusForbidden {
		t.Errorf("a reader's PUT: %d %.200s", r.status, r.raw)
	}
	if r := call(t, srv, "PUT", "/api/v1/municipalities/0126/economy", tokens["controller-ekby"], edit); r.status != http.StatusForbidden {
		t.Errorf("a PUT to another municipality: %d %.200s", r.status, r.raw)
	}

	for _, c := range []struct {
		name, field string
		change      func(m map[string]any)
	}{
		{"a tax rate out of range", "economy.key_figures[0].tax_rate", func(m map[string]any) {
			m["key_figures"].([]any)[0].(map[string]any)["tax_rate"] = "150"
		}},
		{"a tax rate that is no number", "economy.key_figures[0].tax_rate", func(m map[string]any) {
			m["key_figures"].([]any)[0].(map[string]any)["tax_rate"] = "tjugo"
		}},
		{"an elimination on a sum", "economy.eliminations[0].debit.row", func(m map[string]any) {
			m["eliminations"].([]any)[0].(map[string]any)["debit"].(map[string]any)["row"] = "arets-resultat"
		}},
		{"a finance item of zero", "economy.finance_items[1].amount", func(m map[string]any) {
			m["finance_items"].([]any)[1].(map[string]any)["amount"] = 0
		}},
		{"no version", "version", func(m map[string]any) { delete(m, "version") }},
	} {
		r := call(t, srv, "PUT", url, tokens["controller-ekby"], body(c.change))
		fields, _ := path(r.body, "error", "fields").([]any)
		named := false
		for _, f := range fields {
			named = named || path(f, "field") == c.field
		}
		if r.status != http.StatusUnprocessableEntity || !named {
			t.Errorf("%s: %d %.400s", c.name, r.status, r.raw)
		}
	}
	if r := call(t, srv, "PUT", url, tokens["controller-ekby"], `{"version": "`+before+`", "key_figures": [{"year": 2025, "tax_rate": 21.35}]}`); r.status != http.StatusUnprocessableEntity ||
		path(r.body, "error", "fields", 0, "field") != "key_figures.tax_rate" {
		t.Errorf("a tax rate as a JSON number: %d %.300s", r.status, r.raw)
	}
	if v := tertial.EconomyVersion(ptr(stored())); v != before {
		t.Fatal("a refused PUT changed the economy")
	}

	r2 := call(t, srv, "PUT", url, tokens["controller-ekby"], edit)
	if r2.status != http.StatusOK {
		t.Fatalf("PUT: %d %.400s", r2.status, r2.raw)
	}
	validate(t, "Economy", r2.raw)
	saved := decodeEconomy(t, r2.raw)
	e := stored()
	if saved.Version == before || saved.Version != tertial.EconomyVersion(&e) {
		t.Errorf("the answer's version %q, before %q, stored %q", saved.Version, before, tertial.EconomyVersion(&e))
	}
	year := want.KeyFigures[last].Year
	if k := e.KeyFiguresOf(year); k == nil || k.LoanDebt == nil || *k.LoanDebt != 1_250_000_000_05 {
		t.Errorf("stored key figures of %d: %+v", year, k)
	}
	if !slices.Equal(e.FinanceItems, append(want.FinanceItems[:1:1], want.FinanceItems[2:]...)) {
		t.Errorf("stored finance items %+v", e.FinanceItems)
	}
	if !slices.Equal(e.Eliminations, want.Eliminations) {
		t.Errorf("the eliminations did not come back as they were: %+v", e.Eliminations)
	}
	if k := saved.KeyFigures[last]; k.LoanDebt == nil || *k.LoanDebt != 1_250_000_000_05 {
		t.Errorf("the answer's key figures: %+v", k)
	}
	if r := call(t, srv, "GET", url, tokens["lasare-ekby"], nil); string(r.raw) != string(r2.raw) {
		t.Errorf("GET after the PUT differs from the PUT's answer:\n%s\n%s", r.raw, r2.raw)
	}

	// The same body again names the version before the save: 409 with the economy now.
	stale := body(func(m map[string]any) { m["key_figures"].([]any)[0].(map[string]any)["employees"] = 1 })
	r = call(t, srv, "PUT", url, tokens["controller-ekby"], stale)
	if r.status != http.StatusConflict || path(r.body, "current", "version") != saved.Version || !strings.Contains(r.errorMessage(), "någon annan har ändrat") {
		t.Errorf("a stale PUT: %d %.300s", r.status, r.raw)
	}
	if v := tertial.EconomyVersion(ptr(stored())); v != saved.Version {
		t.Error("a stale PUT changed the economy")
	}
}

func ptr[T any](v T) *T { return &v }
