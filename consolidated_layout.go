package tertial

import "slices"

// RowCompanyTax is the row of the consolidated resultaträkning that the municipality's
// layout does not have: the companies' bokslutsdispositioner and skatt (BAS 88 and 89 but
// the year's result, 899), which a municipality does not book.
const RowCompanyTax = "bokslutsdispositioner-och-skatt"

// DefaultConsolidatedLayout returns the layout of the sammanställda räkenskaper: the
// municipality's DefaultStatementLayout with the row RowCompanyTax added before the
// year's result, which sums it. Its accounts are Kommun-Bas's, as the municipality's; a
// company's figures come through DefaultCompanyLayout, whose rows have the same IDs. The
// rows do not carry notes: the consolidated statements have none.
func DefaultConsolidatedLayout() *StatementLayout {
	l := DefaultStatementLayout()
	for i := range l.Rows {
		l.Rows[i].Note, l.Rows[i].NoteRows = 0, nil
	}
	i := slices.IndexFunc(l.Rows, func(r StatementRow) bool { return r.ID == "arets-resultat" })
	tax := StatementRow{ID: RowCompanyTax, Statement: Resultatrakning, Label: "Bokslutsdispositioner och skatt", Kind: RowAccounts, Sign: -1}
	l.Rows = slices.Insert(l.Rows, i, tax)
	l.Rows[i+1].Sum = append(slices.Clip(l.Rows[i+1].Sum), RowCompanyTax)
	return l
}

// DefaultCompanyLayout returns the statement layout of a company's books in the BAS chart
// (BAS 2024, the chart Swedish companies keep): the rows of DefaultConsolidatedLayout, by
// the same IDs, with BAS accounts:
//
//   - resultaträkning: verksamhetens intäkter 3 (nettoomsättning and övriga
//     rörelseintäkter), verksamhetens kostnader 4–76 and 79 (varor, övriga externa
//     kostnader, personal, övriga rörelsekostnader), avskrivningar 77–78 (nedskrivningar
//     and avskrivningar), finansiella intäkter 80–83, finansiella kostnader 84,
//     extraordinära poster 85–87, bokslutsdispositioner och skatt 88 and 89 but 899;
//     skatteintäkter and generella statsbidrag take nothing;
//   - balansräkning: 10 immateriella, 11 byggnader och mark, 12 maskiner och inventarier,
//     13 finansiella anläggningstillgångar, 14 lager (förråd), 15–17 fordringar, 18
//     kortfristiga placeringar, 19 kassa och bank; eget kapital 20 and the obeskattade
//     reserver 21 (counted whole as equity, the deferred tax not split off), with the
//     closing of the year's result (899) counted back as the municipality's 89 is;
//     pensions 221 and 223, other provisions 220, 222 and 224–229, långfristiga skulder 23,
//     kortfristiga 24–29;
//   - kassaflödesanalys: the municipality's rows on the BAS groups above.
func DefaultCompanyLayout() *StatementLayout {
	l := DefaultConsolidatedLayout()
	t := func(m Measure, accounts ...string) StatementTerm { return term(m, accounts...) }
	bas := map[string][]StatementTerm{
		"verksamhetens-intakter":             {t(MeasureMovement, "3")},
		"verksamhetens-kostnader":            {t(MeasureMovement, "4-76", "79")},
		"avskrivningar":                      {t(MeasureMovement, "77-78")},
		"skatteintakter":                     nil,
		"generella-statsbidrag":              nil,
		"finansiella-intakter":               {t(MeasureMovement, "80-83")},
		"finansiella-kostnader":              {t(MeasureMovement, "84")},
		"extraordinara-poster":               {t(MeasureMovement, "85-87")},
		RowCompanyTax:                        {{Measure: MeasureMovement, Accounts: ranges("88-89"), Except: ranges("899")}},
		"immateriella-anlaggningstillgangar": {t(MeasureClosing, "10")},
		"mark-byggnader":                     {t(MeasureClosing, "11")},
		"maskiner-inventarier":               {t(MeasureClosing, "12")},
		"finansiella-anlaggningstillgangar":  {t(MeasureClosing, "13")},
		"bidrag-statlig-infrastruktur":       nil,
		"forrad":                             {t(MeasureClosing, "14")},
		"fordringar":                         {t(MeasureClosing, "15-17")},
		"kortfristiga-placeringar":           {t(MeasureClosing, "18")},
		"kassa-och-bank":                     {t(MeasureClosing, "19")},
		"varav-resultatutjamningsreserv":     nil,
		"ovrigt-eget-kapital":                {t(MeasureClosing, "20-21"), t(MeasureMovement, "899")},
		"avsattningar-pensioner":             {t(MeasureClosing, "221", "223")},
		"ovriga-avsattningar":                {t(MeasureClosing, "220", "222", "224-229")},
		"langfristiga-skulder":               {t(MeasureClosing, "23")},
		"kortfristiga-skulder":               {t(MeasureClosing, "24-29")},
		"justering-avskrivningar":            {t(MeasureMovement, "77-78")},
		"justering-avsattningar":             {t(MeasureChange, "22")},
		"justering-ovriga":                   {t(MeasureChange, "20-21"), t(MeasureMovement, "899")},
		"forandring-forrad":                  {t(MeasureChange, "14")},
		"forandring-fordringar":              {t(MeasureChange, "15-17")},
		"forandring-kortfristiga-skulder":    {t(MeasureChange, "24-29")},
		"investering-materiella":             {t(MeasureChange, "10-12"), t(MeasureMovement, "77-78")},
		"investering-finansiella":            {t(MeasureChange, "13")},
		"investering-infrastrukturbidrag":    nil,
		"forandring-langfristiga-skulder":    {t(MeasureChange, "23")},
		"likvida-medel-ib":                   {t(MeasureOpening, "18-19")},
		"likvida-medel-ub":                   {t(MeasureClosing, "18-19")},
	}
	for i, r := range l.Rows {
		if r.Kind != RowAccounts {
			continue
		}
		terms, ok := bas[r.ID]
		if !ok {
			panic("tertial.DefaultCompanyLayout: no BAS mapping for row " + r.ID)
		}
		l.Rows[i].Terms = terms
	}
	return l
}
