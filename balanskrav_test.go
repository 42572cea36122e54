package tertial_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

// kr is an amount of whole kronor.
func kr(n int64) tertial.Amount { return tertial.Amount(n * 100) }

func krp(n int64) *tertial.Amount { a := kr(n); return &a }

func intp(n int64) *int64 { return &n }

// balanceEconomy is a municipality with a deficit from 2020 partly restored before
// Tertial, adjustments, a reserve built in 2015, and key figures for the pension
// commitments. Every expected figure below is worked out by hand from the law's rules.
func balanceEconomy() (*tertial.Economy, map[int]tertial.Figures) {
	e := &tertial.Economy{
		Deficits: []tertial.EarlierDeficit{{Year: 2020, Amount: kr(10_000_000), Restored: kr(4_000_000)}},
		BalanceAdjustments: []tertial.BalanceAdjustment{
			{Year: 2021, Kind: tertial.AdjustRealisationGains, Amount: kr(1_000_000), Reason: "Försäljning av tomt"},
			{Year: 2022, Kind: tertial.AdjustUnrealisedLosses, Amount: kr(1_000_000), Reason: "Värdenedgång i pensionsmedel"},
			{Year: 2024, Kind: tertial.AdjustRealisationGains, Amount: kr(2_000_000), Reason: "Försäljning av fastigheten Ekby 1:23"},
		},
		Reserve: []tertial.ReserveMovement{
			{Year: 2015, Kind: tertial.ReserveReservation, Amount: kr(5_000_000)},
			{Year: 2022, Kind: tertial.ReserveUse, Amount: kr(3_000_000), Reason: "KF § 12"},
			{Year: 2024, Kind: tertial.ReserveReservation, Amount: kr(20_000_000), Reason: "KF § 40"},
		},
		KeyFigures: []tertial.EconomyKeyFigures{
			{Year: 2021, PensionCommitments: krp(400_000_000)},
			{Year: 2024, PensionCommitments: krp(300_000_000)},
		},
	}
	figures := map[int]tertial.Figures{
		2021: {"arets-resultat": kr(5_000_000), "skatteintakter": kr(600_000_000), "generella-statsbidrag": kr(200_000_000),
			"eget-kapital": kr(300_000_000), "varav-resultatutjamningsreserv": kr(4_000_000)},
		2022: {"arets-resultat": kr(-9_000_000), "skatteintakter": kr(600_000_000), "generella-statsbidrag": kr(200_000_000)},
		2023: {"arets-resultat": kr(1_000_000), "varav-resultatutjamningsreserv": kr(2_000_000)},
		2024: {"arets-resultat": kr(30_000_000), "skatteintakter": kr(750_000_000), "generella-statsbidrag": kr(250_000_000),
			"eget-kapital": kr(500_000_000), "varav-resultatutjamningsreserv": kr(22_000_000)},
	}
	return e, figures
}

func TestBalanceRequirementYears(t *testing.T) {
	e, figures := balanceEconomy()
	b := tertial.ComputeBalanceRequirement(e, figures, 2025)
	type want struct {
		adjusted, balance, before, restored, after, limit int64
		limitKnown                                        bool
	}
	for year, w := range map[int]want{
		// 5 000 000 − 1 000 000 gains; restores 4 000 000 of 2020's 6 000 000 left. The
		// equity less the pension commitments is negative: the limit is min(5, 4) − 2 % of
		// 800 = below zero.
		2021: {4_000_000, 4_000_000, 6_000_000, 4_000_000, 2_000_000, 0, true},
		// −9 000 000 + 1 000 000 unrealised losses, + 3 000 000 used from the reserve: a
		// deficit of 5 000 000. No tax figures? They are there; no equity: limit unknown.
		2022: {-8_000_000, -5_000_000, 2_000_000, 0, 7_000_000, 0, false},
		// 1 000 000 restores 2020's remaining 2 000 000 in part.
		2023: {1_000_000, 1_000_000, 7_000_000, 1_000_000, 6_000_000, 0, false},
		// 30 000 000 − 2 000 000 = 28 000 000; − 20 000 000 reserved = 8 000 000, which
		// restores 2020's last 1 000 000 and 2022's 5 000 000. Equity 500 less commitments
		// 300 is positive: the limit is min(30, 28) − 1 % of 1 000 = 18 000 000.
		2024: {28_000_000, 8_000_000, 6_000_000, 6_000_000, 0, 18_000_000, true},
	} {
		y := b.Year(year)
		if y == nil {
			t.Fatalf("no utredning for %d", year)
		}
		got := want{int64(y.Adjusted / 100), int64(y.BalanceResult / 100), int64(y.DeficitsBefore / 100), int64(y.Restored / 100),
			int64(y.DeficitsAfter / 100), int64(y.ReserveLimit / 100), y.LimitKnown}
		if got != w {
			t.Errorf("%d: got %+v, want %+v", year, got, w)
		}
		if y.Met() != (w.balance >= 0) {
			t.Errorf("%d: Met() = %v", year, y.Met())
		}
	}
	if b.Year(2025) != nil {
		t.Error("2025 has no figures but an utredning")
	}
	// The rows of 2024 in order, with the signs of the utredning.
	y := b.Year(2024)
	var keys []string
	var amounts []int64
	for _, r := range y.Rows {
		keys = append(keys, r.Key)
		amounts = append(amounts, int64(r.Amount/100))
	}
	wantKeys := []string{"arets-resultat", "realisation_gains", "resultat-efter-balanskravsjusteringar", "reservering", "anvandning",
		"balanskravsresultat", "underskott-tidigare-ar", "aterstallt", "underskott-att-aterstalla"}
	wantAmounts := []int64{30_000_000, -2_000_000, 28_000_000, -20_000_000, 0, 8_000_000, -6_000_000, 6_000_000, 0}
	if !slices.Equal(keys, wantKeys) || !slices.Equal(amounts, wantAmounts) {
		t.Errorf("2024 rows:\n got %v %v\nwant %v %v", keys, amounts, wantKeys, wantAmounts)
	}
	if r := y.Row("reservering"); r.Label != "Reservering till resultatreserv" || !slices.Equal(r.Reasons, []string{"KF § 40"}) {
		t.Errorf("2024 reservation row: %+v", r)
	}
	if r := b.Year(2022).Row("anvandning"); r.Label != "Användning av resultatutjämningsreserv" {
		t.Errorf("2022 use row: %+v", r)
	}
	if r := b.Year(2021).Row("realisation_gains"); r.Amount != kr(-1_000_000) || r.Reasons[0] != "Försäljning av tomt" {
		t.Errorf("2021 gains row: %+v", r)
	}
	if y.ReserveClosing != kr(22_000_000) {
		t.Errorf("reserve at the end of 2024: %s, want 22 000 000 kr", y.ReserveClosing)
	}
}

func TestBalanceRequirementDeficits(t *testing.T) {
	e, figures := balanceEconomy()
	b := tertial.ComputeBalanceRequirement(e, figures, 2025)
	if len(b.Deficits) != 2 {
		t.Fatalf("deficits: %+v", b.Deficits)
	}
	d20, d22 := b.Deficits[0], b.Deficits[1]
	if d20.Year != 2020 || d20.RestoreBy != 2023 || !d20.Entered || d20.Left() != 0 {
		t.Errorf("2020: %+v", d20)
	}
	wantR := []tertial.Restoration{{0, kr(4_000_000)}, {2021, kr(4_000_000)}, {2023, kr(1_000_000)}, {2024, kr(1_000_000)}}
	if !slices.Equal(d20.Restorations, wantR) {
		t.Errorf("2020 restorations %v, want %v", d20.Restorations, wantR)
	}
	// A deficit arising in 2022 must be restored by 2025.
	if d22.Year != 2022 || d22.RestoreBy != 2025 || d22.Amount != kr(5_000_000) || d22.Entered || d22.Left() != 0 {
		t.Errorf("2022: %+v", d22)
	}
	want := []string{
		"2021: resultatutjämningsreserv i balansräkningen (4\u00a0000\u00a0000 kr) stämmer inte med reserveringarna och användningarna (5\u00a0000\u00a0000 kr)",
		"2024: reserveringen till resultatreserv på 20\u00a0000\u00a0000 kr är större än lagens gräns 18\u00a0000\u00a0000 kr (11 kap. 14 § KL)",
		"2025: bokslutssiffror saknas för 2025: årets balanskravsutredning kan inte göras och inga underskott återställs det året",
		"2024: 1\u00a0000\u00a0000 kr av underskottet från 2020 återställdes 2024, efter sista året för återställande 2023",
	}
	var got []string
	for _, f := range b.Findings {
		got = append(got, f.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	// Through 2023, 2020's deficit is not restored by its last year.
	b = tertial.ComputeBalanceRequirement(e, figures, 2023)
	if f := b.Findings[len(b.Findings)-1]; f.Year != 2020 ||
		f.Message != "underskottet från 2020 (10\u00a0000\u00a0000 kr) skulle ha återställts senast 2023; 1\u00a0000\u00a0000 kr återstår" {
		t.Errorf("through 2023, last finding %q", f)
	}
	// Through 2022 the 2022 deficit is not yet due: no finding names it.
	b = tertial.ComputeBalanceRequirement(e, figures, 2022)
	for _, f := range b.Findings {
		if strings.Contains(f.Message, "från 2022") {
			t.Errorf("2022's deficit is due only in 2025: %s", f)
		}
	}
}

// Synnerliga skäl lower the deficit to restore; the utredning shows them.
func TestBalanceRequirementSpecialReasons(t *testing.T) {
	e := &tertial.Economy{BalanceAdjustments: []tertial.BalanceAdjustment{
		{Year: 2023, Kind: tertial.AdjustSpecialReasons, Amount: kr(2_000_000), Reason: "Omstrukturering av skolan, KF § 7"},
		{Year: 2024, Kind: tertial.AdjustSpecialReasons, Amount: kr(1), Reason: "Fel år"},
	}}
	figures := map[int]tertial.Figures{2023: {"arets-resultat": kr(-3_000_000)}, 2024: {"arets-resultat": kr(500_000)}}
	b := tertial.ComputeBalanceRequirement(e, figures, 2024)
	y := b.Year(2023)
	if y.SpecialReasons != kr(2_000_000) || y.DeficitsAfter != kr(1_000_000) {
		t.Errorf("2023: special %s, after %s", y.SpecialReasons, y.DeficitsAfter)
	}
	if r := y.Row("synnerliga-skal"); r == nil || r.Reasons[0] != "Omstrukturering av skolan, KF § 7" {
		t.Errorf("2023 special reasons row: %+v", r)
	}
	if y := b.Year(2024); y.Restored != kr(500_000) || y.DeficitsAfter != kr(500_000) {
		t.Errorf("2024: restored %s, after %s", y.Restored, y.DeficitsAfter)
	}
	if len(b.Findings) != 1 || b.Findings[0].Message != "synnerliga skäl anges för 1 kr, men året har inget negativt balanskravsresultat" {
		t.Errorf("findings %v", b.Findings)
	}
}

// A use of the reserve beyond the year's need, and a year without årets resultat.
func TestBalanceRequirementReserveUse(t *testing.T) {
	e := &tertial.Economy{Reserve: []tertial.ReserveMovement{
		{Year: 2019, Kind: tertial.ReserveReservation, Amount: kr(10_000_000)},
		{Year: 2023, Kind: tertial.ReserveUse, Amount: kr(4_000_000)},
	}}
	figures := map[int]tertial.Figures{2022: {"skatteintakter": kr(1)}, 2023: {"arets-resultat": kr(-3_000_000)}}
	b := tertial.ComputeBalanceRequirement(e, figures, 2023)
	if y := b.Year(2023); y.BalanceResult != kr(1_000_000) || y.ReserveClosing != kr(6_000_000) {
		t.Errorf("2023: %+v", y)
	}
	want := []string{
		"2022: årets resultat saknas i resultaträkningen för 2022: årets balanskravsutredning kan inte göras",
		"2023: användningen av resultatutjämningsreserv (4\u00a0000\u00a0000 kr) är större än vad som behövs för att täcka årets negativa resultat efter balanskravsjusteringar (3\u00a0000\u00a0000 kr)",
	}
	var got []string
	for _, f := range b.Findings {
		got = append(got, f.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// TestBalanceRequirementRealisationGains: the realisation gains the statements hold (the
// note row realisationsvinster) are deducted with the entered ones, each with its reason;
// a year without them has no such line.
func TestBalanceRequirementRealisationGains(t *testing.T) {
	e := &tertial.Economy{BalanceAdjustments: []tertial.BalanceAdjustment{
		{Year: 2025, Kind: tertial.AdjustRealisationGains, Amount: kr(500_000), Reason: "Försäljning av aktier i Ekby Energi AB"},
	}}
	figures := map[int]tertial.Figures{
		2024: {"arets-resultat": kr(10_000_000), "realisationsvinster": 0},
		2025: {"arets-resultat": kr(10_000_000), "realisationsvinster": kr(2_000_000)},
	}
	b := tertial.ComputeBalanceRequirement(e, figures, 2025)
	y := b.Year(2025)
	r := y.Row(string(tertial.AdjustRealisationGains))
	if r == nil || r.Amount != -kr(2_500_000) || y.Adjusted != kr(7_500_000) {
		t.Fatalf("2025: row %+v, adjusted %v", r, y.Adjusted)
	}
	if !slices.Equal(r.Reasons, []string{tertial.RealisationGainsReason, "Försäljning av aktier i Ekby Energi AB"}) {
		t.Errorf("reasons %q", r.Reasons)
	}
	if y := b.Year(2024); y.Row(string(tertial.AdjustRealisationGains)) != nil || y.Adjusted != kr(10_000_000) {
		t.Errorf("2024 without gains: %+v", y)
	}
}

// TestBalanceRequirementResultReserveCap: from 2024 what is reserved to the resultatreserv
// may be at most 5 % of skatteintäkter and generella statsbidrag och utjämning; a
// resultatutjämningsreserv built before 2024 does not count.
func TestBalanceRequirementResultReserveCap(t *testing.T) {
	e := &tertial.Economy{Reserve: []tertial.ReserveMovement{
		{Year: 2019, Kind: tertial.ReserveReservation, Amount: kr(90_000_000)}, // the old reserve, above 5 % alone
		{Year: 2024, Kind: tertial.ReserveReservation, Amount: kr(30_000_000)},
		{Year: 2025, Kind: tertial.ReserveReservation, Amount: kr(25_000_000)},
	}}
	// 5 % of 1 000 mnkr is 50 mnkr: 2024 holds 30 (within), 2025 holds 55 (above).
	base := func(result int64) tertial.Figures {
		return tertial.Figures{"arets-resultat": kr(result), "skatteintakter": kr(800_000_000), "generella-statsbidrag": kr(200_000_000), "eget-kapital": kr(-1)}
	}
	figures := map[int]tertial.Figures{2024: base(60_000_000), 2025: base(60_000_000)}
	b := tertial.ComputeBalanceRequirement(e, figures, 2025)
	var capped []string
	for _, f := range b.Findings {
		if strings.Contains(f.String(), "5 %") {
			capped = append(capped, f.String())
		}
	}
	want := "2025: resultatreserven som reserverats från 2024 (55\u00a0000\u00a0000 kr) är större än 5 % av skatteintäkter samt generella statsbidrag och utjämning (50\u00a0000\u00a0000 kr) (11 kap. 14 § KL i lydelse från 2024)"
	if len(capped) != 1 || capped[0] != want {
		t.Errorf("cap findings %q, want [%q]", capped, want)
	}
	// A use in 2025 brings it under the cap.
	e.Reserve = append(e.Reserve, tertial.ReserveMovement{Year: 2025, Kind: tertial.ReserveUse, Amount: kr(6_000_000), Reason: "KF § 9"})
	if got := e.ResultReserveSince(2025); got != kr(49_000_000) {
		t.Errorf("reserved since 2024: %v", got)
	}
	for _, f := range tertial.ComputeBalanceRequirement(e, figures, 2025).Findings {
		if strings.Contains(f.String(), "5 %") {
			t.Errorf("under the cap: %s", f)
		}
	}
}

func TestBalanceRequirementValidation(t *testing.T) {
	for _, c := range []struct {
		name string
		e    tertial.Economy
		want []string
	}{
		{"adjustment", tertial.Economy{BalanceAdjustments: []tertial.BalanceAdjustment{{Year: 2024, Kind: "gains", Amount: kr(-5)}}}, []string{
			`economy.balance_adjustments[0].kind: okänd justering "gains": ska vara en av realisation_gains, realisation_gains_exception, realisation_losses_exception, unrealised_losses, unrealised_losses_reversal, special_reasons`,
			"economy.balance_adjustments[0].amount: beloppet −5 kr ska vara större än noll; justeringens typ avgör om det läggs till eller dras av",
			"economy.balance_adjustments[0].reason: motivering saknas: ange varför justeringen görs",
		}},
		{"reserve overdrawn", tertial.Economy{Reserve: []tertial.ReserveMovement{
			{Year: 2020, Kind: tertial.ReserveReservation, Amount: kr(1_000)},
			{Year: 2021, Kind: tertial.ReserveUse, Amount: kr(1_500)},
		}}, []string{"economy.reserve[1].amount: reserven används 2021 mer än den innehåller: saldot efter året blir −500 kr"}},
		{"deficit", tertial.Economy{Deficits: []tertial.EarlierDeficit{{Year: 2020, Amount: kr(100), Restored: kr(200)}, {Year: 2020, Amount: kr(1)}}}, []string{
			"economy.deficits[0].restored: det återställda beloppet 200 kr är större än underskottet 100 kr",
			"economy.deficits[1].year: året 2020 har redan ett underskott",
		}},
		{"key figures", tertial.Economy{KeyFigures: []tertial.EconomyKeyFigures{
			{Year: 2024, Inhabitants: intp(0), TaxRate: decp("121.5")},
			{Year: 2024},
		}}, []string{
			"economy.key_figures[0].inhabitants: antalet invånare 0 ska vara större än noll",
			"economy.key_figures[0].tax_rate: skattesatsen 121,5 ska vara större än 0 och mindre än 100 (procent)",
			"economy.key_figures[1].year: året 2024 har redan nyckeltal",
			"economy.key_figures[1].year: inga nyckeltal angivna för 2024: ange minst ett eller ta bort året",
		}},
	} {
		ds := minimalDataset()
		ds.Economy = c.e
		var got []string
		for _, p := range ds.Validate() {
			got = append(got, p.String())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func decp(s string) *tertial.Decimal { d := tertial.MustParseDecimal(s); return &d }

func minimalDataset() *tertial.Dataset {
	return &tertial.Dataset{
		Municipality: tertial.Municipality{Name: "Ekby kommun", Code: "9901", County: "Exempellän"},
		Units:        []tertial.Unit{{ID: "kf", Name: "Kommunfullmäktige", Kind: tertial.UnitCouncil}},
	}
}
