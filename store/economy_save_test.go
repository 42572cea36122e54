package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSaveEconomy: the economy is replaced on both databases and read back as saved
// (export → import → export identical); a save against another version is refused with
// ECONFLICT and one the rule set refuses with the problem at its dataset path, neither
// changing anything; each changed list is audited, an unchanged one not.
func TestSaveEconomy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "ekby")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		version := tertial.EconomyVersion(&before.Economy)
		e := before.Economy
		e.KeyFigures = append([]tertial.EconomyKeyFigures(nil), e.KeyFigures...)
		debt := tertial.Amount(125_000_000_000)
		e.KeyFigures[4].LoanDebt = &debt
		e.FinancialGoals = append(append([]tertial.FinancialGoal(nil), e.FinancialGoals...), tertial.FinancialGoal{ID: "skuld", Title: "Låg skuld",
			Kind: tertial.FinancialDebtPerInhabitant, Comparison: tertial.AtMost, Target: tertial.MustParseDecimal("35000"), From: 2025, To: 2025})
		e.Deficits = []tertial.EarlierDeficit{{Year: 2024, Amount: 1_000_000, Restored: 250_000, Note: "Återställs 2026"}}
		e.FinanceItems = e.FinanceItems[:1]

		// The rule set and a stale version: refused, nothing changed.
		bad := e
		bad.KeyFigures = append([]tertial.EconomyKeyFigures(nil), e.KeyFigures...)
		rate := tertial.MustParseDecimal("150")
		bad.KeyFigures[1].TaxRate = &rate
		if _, err := db.SaveEconomy(ctx, "controller-ekby", "9901", version, bad); len(tertial.ProblemsOf(err)) == 0 ||
			tertial.ProblemsOf(err)[0].Path != "economy.key_figures[1].tax_rate" {
			t.Errorf("a tax rate of 150: %v", err)
		}
		if _, err := db.SaveEconomy(ctx, "controller-ekby", "9901", "0000", e); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a stale save: %v", err)
		}
		if now, _ := db.Dataset(ctx, "9901"); !bytes.Equal(encode(t, before), encode(t, now)) {
			t.Fatal("a refused save changed the dataset")
		}

		v, err := db.SaveEconomy(ctx, "controller-ekby", "9901", version, e)
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		if v == version || v != tertial.EconomyVersion(&after.Economy) || tertial.EconomyVersion(&e) != v {
			t.Errorf("version %s after %s; stored %s", v, version, tertial.EconomyVersion(&after.Economy))
		}
		if len(after.Economy.Eliminations) != len(before.Economy.Eliminations) || after.Economy.FinancialGoal("skuld") == nil ||
			len(after.Economy.Deficits) != 1 || after.Economy.Deficits[0].Restored != 250_000 {
			t.Errorf("stored economy %+v", after.Economy)
		}
		if _, err := db.SaveEconomy(ctx, "controller-ekby", "9901", version, e); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a second save from the first version: %v", err)
		}

		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "9901", Entity: "economy", Key: "9901"})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, l := range log {
			fields[l.Field] = l.New
		}
		if !strings.Contains(fields["key_figures"], "loan_debt 1250000000") || !strings.Contains(fields["financial_goals"], "skuld: Låg skuld") ||
			!strings.Contains(fields["deficits"], "2024") || len(fields) != 4 {
			t.Errorf("audit %+v", fields)
		}

		first := encode(t, after)
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		if back, err := fresh.Dataset(ctx, "9901"); err != nil || !bytes.Equal(first, encode(t, back)) {
			t.Errorf("export → import → export differs: %v", err)
		}
	})
}
