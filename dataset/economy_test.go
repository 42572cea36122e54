package dataset_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// economyBlock is the economy of a municipality as a user writes it.
const economyBlock = `economy:
  key_figures:
    - {year: 2023, inhabitants: 20000, tax_rate: 21.35, employees: 1830, pension_commitments: 412000000, loan_debt: 900000000}
    - year: 2024
      inhabitants: 20412
      pension_commitments: 398500000.50
  balance_adjustments:
    - year: 2024
      kind: realisation_gains
      amount: 3400000
      reason: Försäljning av fastigheten Ekby 1:23
    - year: 2024
      kind: unrealised_losses
      amount: 250000.75
      reason: |
        Värdenedgång i pensionsmedlen.

        Se not 12.
  reserve:
    - {year: 2015, kind: reservation, amount: 15000000}
    - {year: 2023, kind: use, amount: 5000000, reason: "KF 2024-04-22 § 31"}
  deficits:
    - {year: 2021, amount: 8000000, restored: 3000000, note: Åtgärdsplan antagen 2022}
  financial_goals:
    - id: resultat
      title: Resultatet ska uppgå till minst 2 % av skatteintäkter och generella statsbidrag över en treårsperiod
      kind: result_share
      comparison: at_least
      target: 2
      from: 2022
      to: 2024
    - {id: soliditet, title: Soliditeten inklusive pensionsåtaganden ska öka, kind: equity_ratio_pensions, comparison: at_least, target: 12.5, from: 2024}
`

// TestEconomyRoundTrip: the economy block reads into the dataset as written, exports in a
// fixed form that the schema accepts, and export → import → export gives the same bytes.
func TestEconomyRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(valid+economyBlock), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := ds.Economy
	if len(e.KeyFigures) != 2 || *e.KeyFigures[0].Inhabitants != 20000 || e.KeyFigures[0].TaxRate.String() != "21.35" ||
		*e.KeyFigures[1].PensionCommitments != 39_850_000_050 || e.KeyFigures[1].TaxRate != nil || e.KeyFigures[1].Employees != nil {
		t.Errorf("key figures %+v", e.KeyFigures)
	}
	if a := e.BalanceAdjustments[1]; a.Kind != tertial.AdjustUnrealisedLosses || a.Amount != 25_000_075 || a.Reason != "Värdenedgång i pensionsmedlen.\n\nSe not 12.\n" {
		t.Errorf("adjustment %+v", a)
	}
	if r := e.Reserve[1]; r.Kind != tertial.ReserveUse || r.Amount != 500_000_000 || r.Reason != "KF 2024-04-22 § 31" {
		t.Errorf("reserve %+v", r)
	}
	if d := e.Deficits[0]; d.Year != 2021 || d.Amount != 800_000_000 || d.Restored != 300_000_000 {
		t.Errorf("deficit %+v", d)
	}
	if g := e.FinancialGoals[0]; g.Kind != tertial.FinancialResultShare || g.Comparison != tertial.AtLeast || g.Target.String() != "2" || g.From != 2022 || g.To != 2024 {
		t.Errorf("goal %+v", g)
	}
	if g := e.FinancialGoals[1]; g.From != 2024 || g.To != 2024 || g.Target.String() != "12.5" {
		t.Errorf("one-year goal %+v", g)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"      pension_commitments: 398500000.50\n", "      amount: 3400000\n", "      to: 2024\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q", want)
		}
	}
	if strings.Count(string(out), "    to: ") != 1 {
		t.Errorf("a one-year goal is written without to:\n%s", out)
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

// TestEconomyBadInput: each mistake is named with its line, field and what is wrong.
func TestEconomyBadInput(t *testing.T) {
	src := valid + economyBlock
	for _, c := range []struct{ name, old, new, want, at string }{
		{"amount with three decimals", "amount: 250000.75", "amount: 250000.755",
			"beloppet 250000.755 har fler än 2 decimaler, som tabellens enhet kr tillåter", "amount: 250000.755"},
		{"unknown kind", "kind: realisation_gains\n", "kind: vinster\n", `okänd justering "vinster"`, "kind: vinster"},
		{"reason missing", "      reason: Försäljning av fastigheten Ekby 1:23\n", "", `fältet "reason" saknas`, "    - year: 2024\n      kind: realisation_gains"},
		{"restored above the deficit", "restored: 3000000", "restored: 9000000",
			"det återställda beloppet 9\u00a0000\u00a0000 kr är större än underskottet 8\u00a0000\u00a0000 kr", "restored: 9000000"},
		{"reserve used beyond its balance", "kind: use, amount: 5000000", "kind: use, amount: 15000001",
			"reserven används 2023 mer än den innehåller: saldot efter året blir −1 kr", "kind: use, amount: 15000001"},
		{"inhabitants not a number", "inhabitants: 20412", "inhabitants: många", `"många" är inte ett heltal`, "inhabitants: många"},
		{"goal target missing", "      target: 2\n", "", `fältet "target" saknas`, "    - id: resultat"},
		{"unknown key", "      from: 2022\n", "      from: 2022\n      weight: 2\n", `okänt fält "weight"`, "weight: 2"},
	} {
		bad := strings.Replace(src, c.old, c.new, 1)
		if bad == src {
			t.Fatalf("%s: %q is not in the source", c.name, c.old)
		}
		_, err := dataset.Decode([]byte(bad), "provby.yaml")
		var es dataset.Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%s: got %v, want one error", c.name, err)
			continue
		}
		if !strings.Contains(es[0].Message, c.want) || !strings.HasPrefix(es[0].Path, "economy.") {
			t.Errorf("%s: got %v, want %q", c.name, es[0], c.want)
		}
		// The line is the field's, or the item's when the field is missing.
		if want := 1 + strings.Count(bad[:strings.Index(bad, c.at)], "\n"); es[0].Line != want {
			t.Errorf("%s: line %d, want %d", c.name, es[0].Line, want)
		}
	}
}
