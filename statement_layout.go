package tertial

import (
	"fmt"
	"slices"
	"strings"
)

// The municipality's financial statements (LKBR, lag 2018:597, and RKR R11 and R13) are
// computed from its ledger through a StatementLayout: the statements' rows as data, each
// row either a heading, a sum of other rows or a sum of accounts. The default layout
// (DefaultStatementLayout) maps SKR's Kommun-Bas chart; a municipality may edit it like a
// money table's account mapping, and Validate says what is wrong with an edited one. See
// docs/statements.md.

// StatementID names one of the three statements.
type StatementID string

// The statements.
const (
	Resultatrakning StatementID = "RR" // income statement (resultaträkning)
	Balansrakning   StatementID = "BR" // balance sheet (balansräkning)
	Kassaflode      StatementID = "KF" // cash-flow statement (kassaflödesanalys), indirect method
)

// StatementIDs are the statements in the order an annual report shows them.
var StatementIDs = []StatementID{Resultatrakning, Balansrakning, Kassaflode}

// Name returns the statement's Swedish name, for a heading.
func (s StatementID) Name() string {
	switch s {
	case Resultatrakning:
		return "Resultaträkning"
	case Balansrakning:
		return "Balansräkning"
	case Kassaflode:
		return "Kassaflödesanalys"
	}
	return string(s)
}

// RowKind says what a statement row holds.
type RowKind string

// The kinds of row.
const (
	RowHeading  RowKind = "heading"  // a heading without amounts
	RowAccounts RowKind = "accounts" // the sum of the accounts its terms take
	RowSum      RowKind = "sum"      // the sum of other rows' amounts (as presented)
)

// RowKinds are the kinds a layout's row may have.
var RowKinds = []RowKind{RowHeading, RowAccounts, RowSum}

// Measure is which of an account's figures of a year a term takes.
type Measure string

// The measures.
const (
	MeasureMovement Measure = "movement" // the year's transactions: a result account's outcome
	MeasureClosing  Measure = "closing"  // the balance at the end of the year (#UB)
	MeasureOpening  Measure = "opening"  // the balance at the start of the year (#IB)
	MeasureChange   Measure = "change"   // closing − opening
)

// Measures are the measures a term may take.
var Measures = []Measure{MeasureMovement, MeasureClosing, MeasureOpening, MeasureChange}

// StatementTerm takes one measure of the accounts in Accounts but those in Except, in the
// ledger's sign (debit positive).
type StatementTerm struct {
	Measure  Measure
	Accounts []AccountRange
	Except   []AccountRange
}

// Takes reports whether the term takes the account.
func (t StatementTerm) Takes(account string) bool {
	return inRanges(t.Accounts, account) && !inRanges(t.Except, account)
}

func inRanges(rs []AccountRange, account string) bool {
	for _, r := range rs {
		if r.Contains(account) {
			return true
		}
	}
	return false
}

// NoteRow is a row of a statement row's note: the accounts of the row it takes (the first
// note row that takes an account gets it).
type NoteRow struct {
	ID    string // optional; an ID makes the amount readable through Statements.Figures
	Label string
	// Accounts are the accounts the note row takes among the statement row's.
	Accounts []AccountRange
}

// StatementRow is one row of a statement.
type StatementRow struct {
	// ID is unique in the layout (across the three statements); other code reads figures by
	// it (Statements.Figures).
	ID        string
	Statement StatementID
	Label     string // Swedish, as the statement prints it
	Kind      RowKind
	// Terms are what an accounts row sums (in the ledger's sign); the amount presented is
	// Sign times that sum. Sign is +1 or −1: −1 for every row of the resultaträkning
	// (income positive, costs negative) and for equity, provisions and liabilities in the
	// balansräkning; in the kassaflödesanalys inflows are positive.
	Terms []StatementTerm
	Sign  int
	// Sum are the IDs of the rows (of any statement) a sum row adds, as they are presented.
	Sum []string
	// Note is the number of the row's note, 0 for none. Its rows are NoteRows, or when
	// there are none, each account of the row.
	Note     int
	NoteRows []NoteRow
}

// StatementLayout is the statements' rows, the resultaträkning's first, then the
// balansräkning's and the kassaflödesanalys's, each in the order printed.
type StatementLayout struct {
	Rows []StatementRow
}

// Row returns the row with the ID.
func (l *StatementLayout) Row(id string) (StatementRow, bool) {
	for _, r := range l.Rows {
		if r.ID == id {
			return r, true
		}
	}
	return StatementRow{}, false
}

// RequiredStatementRows are the row IDs every layout must have, per statement: the
// balance requirement, the financial goals, the five-year overview and the cross-checks
// read figures by them.
var RequiredStatementRows = map[StatementID][]string{
	Resultatrakning: {"verksamhetens-intakter", "verksamhetens-kostnader", "avskrivningar", "verksamhetens-nettokostnader",
		"skatteintakter", "generella-statsbidrag", "verksamhetens-resultat", "finansiella-intakter", "finansiella-kostnader",
		"resultat-efter-finansiella-poster", "extraordinara-poster", "arets-resultat"},
	Balansrakning: {"immateriella-anlaggningstillgangar", "mark-byggnader", "maskiner-inventarier",
		"finansiella-anlaggningstillgangar", "summa-anlaggningstillgangar", "forrad", "fordringar",
		"kortfristiga-placeringar", "kassa-och-bank", "summa-omsattningstillgangar", "summa-tillgangar", "eget-kapital",
		"varav-arets-resultat", "varav-resultatutjamningsreserv", "ovrigt-eget-kapital", "avsattningar-pensioner",
		"ovriga-avsattningar", "summa-avsattningar", "langfristiga-skulder", "kortfristiga-skulder", "summa-skulder",
		"summa-eget-kapital-avsattningar-skulder"},
	Kassaflode: {"kf-arets-resultat", "justering-avskrivningar", "justering-avsattningar", "justering-ovriga",
		"medel-fore-rorelsekapital", "forandring-forrad", "forandring-fordringar", "forandring-kortfristiga-skulder",
		"kassaflode-lopande", "investering-materiella", "investering-finansiella", "kassaflode-investeringar",
		"forandring-langfristiga-skulder", "kassaflode-finansiering", "arets-kassaflode", "likvida-medel-ib",
		"likvida-medel-ub"},
}

// ranges parses account ranges written as the dataset file writes them ("3", "4-78"); it
// is for the default layout, whose ranges are known to be valid.
func ranges(s ...string) []AccountRange {
	out := make([]AccountRange, len(s))
	for i, x := range s {
		r, err := ParseAccountRange(x)
		if err != nil {
			panic(err)
		}
		out[i] = r
	}
	return out
}

func term(m Measure, accounts ...string) StatementTerm {
	return StatementTerm{Measure: m, Accounts: ranges(accounts...)}
}

// DefaultStatementLayout returns the statements' layout for a ledger in SKR's Kommun-Bas
// chart (docs/statements.md says why each account group sits where it does):
//
//   - resultaträkning: class 3 verksamhetens intäkter (38 realisationsvinster shown in its
//     note), 4–78 verksamhetens kostnader, 79 avskrivningar, 80 skatteintäkter, 82–83
//     generella statsbidrag och utjämning, 84 finansiella intäkter, 85 finansiella
//     kostnader, 87–88 extraordinära poster; 89 (the closing of the year's result) is part
//     of the equity;
//   - balansräkning: 10 immateriella (108 bidrag till statlig infrastruktur), 11 mark och
//     byggnader, 12 maskiner och inventarier, 13 finansiella anläggningstillgångar, 14
//     förråd och exploateringsfastigheter, 15–17 fordringar, 18 kortfristiga placeringar,
//     19 kassa och bank; 20 eget kapital (202 resultatutjämningsreserv), 220–222
//     avsättningar för pensioner, 223–229 andra avsättningar, 23 långfristiga and 24–29
//     kortfristiga skulder;
//   - kassaflödesanalys by the indirect method from the same accounts' changes.
func DefaultStatementLayout() *StatementLayout {
	rr := func(id, label string, note int, accounts string, notes ...NoteRow) StatementRow {
		return StatementRow{ID: id, Statement: Resultatrakning, Label: label, Kind: RowAccounts, Sign: -1,
			Terms: []StatementTerm{term(MeasureMovement, strings.Split(accounts, ",")...)}, Note: note, NoteRows: notes}
	}
	br := func(id, label string, sign, note int, accounts string, notes ...NoteRow) StatementRow {
		return StatementRow{ID: id, Statement: Balansrakning, Label: label, Kind: RowAccounts, Sign: sign,
			Terms: []StatementTerm{term(MeasureClosing, strings.Split(accounts, ",")...)}, Note: note, NoteRows: notes}
	}
	kf := func(id, label string, sign int, terms ...StatementTerm) StatementRow {
		return StatementRow{ID: id, Statement: Kassaflode, Label: label, Kind: RowAccounts, Sign: sign, Terms: terms}
	}
	sum := func(st StatementID, id, label string, rows ...string) StatementRow {
		return StatementRow{ID: id, Statement: st, Label: label, Kind: RowSum, Sum: rows}
	}
	head := func(st StatementID, id, label string) StatementRow {
		return StatementRow{ID: id, Statement: st, Label: label, Kind: RowHeading}
	}
	nr := func(id, label, accounts string) NoteRow {
		return NoteRow{ID: id, Label: label, Accounts: ranges(strings.Split(accounts, ",")...)}
	}
	return &StatementLayout{Rows: []StatementRow{
		rr("verksamhetens-intakter", "Verksamhetens intäkter", 1, "3",
			nr("", "Försäljningsintäkter", "30"),
			nr("", "Taxor och avgifter", "31"),
			nr("", "Hyror och arrenden", "34"),
			nr("", "Bidrag", "35"),
			nr("realisationsvinster", "Realisationsvinster vid försäljning av anläggningstillgångar", "38"),
			nr("", "Övriga intäkter", "3")),
		rr("verksamhetens-kostnader", "Verksamhetens kostnader", 2, "4-77",
			nr("", "Personalkostnader", "5"),
			nr("", "Lämnade bidrag", "45"),
			nr("", "Köp av huvudverksamhet", "46"),
			nr("", "Lokal- och markhyror", "60-61"),
			nr("", "Övriga verksamhetskostnader", "4-77")),
		rr("avskrivningar", "Avskrivningar", 3, "78-79"),
		sum(Resultatrakning, "verksamhetens-nettokostnader", "Verksamhetens nettokostnader",
			"verksamhetens-intakter", "verksamhetens-kostnader", "avskrivningar"),
		rr("skatteintakter", "Skatteintäkter", 4, "80"),
		rr("generella-statsbidrag", "Generella statsbidrag och utjämning", 5, "82-83"),
		sum(Resultatrakning, "verksamhetens-resultat", "Verksamhetens resultat",
			"verksamhetens-nettokostnader", "skatteintakter", "generella-statsbidrag"),
		rr("finansiella-intakter", "Finansiella intäkter", 6, "84"),
		rr("finansiella-kostnader", "Finansiella kostnader", 7, "85"),
		sum(Resultatrakning, "resultat-efter-finansiella-poster", "Resultat efter finansiella poster",
			"verksamhetens-resultat", "finansiella-intakter", "finansiella-kostnader"),
		rr("extraordinara-poster", "Extraordinära poster (netto)", 0, "87-88"),
		sum(Resultatrakning, "arets-resultat", "Årets resultat", "resultat-efter-finansiella-poster", "extraordinara-poster"),

		head(Balansrakning, "tillgangar", "Tillgångar"),
		head(Balansrakning, "anlaggningstillgangar", "Anläggningstillgångar"),
		br("immateriella-anlaggningstillgangar", "Immateriella anläggningstillgångar", 1, 0, "100-107,109"),
		head(Balansrakning, "materiella-anlaggningstillgangar", "Materiella anläggningstillgångar"),
		br("mark-byggnader", "Mark, byggnader och tekniska anläggningar", 1, 8, "11"),
		br("maskiner-inventarier", "Maskiner och inventarier", 1, 9, "12"),
		br("finansiella-anlaggningstillgangar", "Finansiella anläggningstillgångar", 1, 10, "13"),
		sum(Balansrakning, "summa-anlaggningstillgangar", "Summa anläggningstillgångar",
			"immateriella-anlaggningstillgangar", "mark-byggnader", "maskiner-inventarier", "finansiella-anlaggningstillgangar"),
		br("bidrag-statlig-infrastruktur", "Bidrag till statlig infrastruktur", 1, 0, "108"),
		head(Balansrakning, "omsattningstillgangar", "Omsättningstillgångar"),
		br("forrad", "Förråd, lager och exploateringsfastigheter", 1, 0, "14"),
		br("fordringar", "Fordringar", 1, 11, "15-17",
			nr("", "Kortfristiga fordringar", "15-16"),
			nr("", "Förutbetalda kostnader och upplupna intäkter", "17")),
		br("kortfristiga-placeringar", "Kortfristiga placeringar", 1, 0, "18"),
		br("kassa-och-bank", "Kassa och bank", 1, 0, "19"),
		sum(Balansrakning, "summa-omsattningstillgangar", "Summa omsättningstillgångar",
			"forrad", "fordringar", "kortfristiga-placeringar", "kassa-och-bank"),
		sum(Balansrakning, "summa-tillgangar", "Summa tillgångar",
			"summa-anlaggningstillgangar", "bidrag-statlig-infrastruktur", "summa-omsattningstillgangar"),
		head(Balansrakning, "eget-kapital-avsattningar-och-skulder", "Eget kapital, avsättningar och skulder"),
		head(Balansrakning, "eget-kapital-rubrik", "Eget kapital"),
		sum(Balansrakning, "varav-arets-resultat", "Årets resultat", "arets-resultat"),
		br("varav-resultatutjamningsreserv", "Resultatutjämningsreserv", -1, 0, "202"),
		{ID: "ovrigt-eget-kapital", Statement: Balansrakning, Label: "Övrigt eget kapital", Kind: RowAccounts, Sign: -1,
			Terms: []StatementTerm{
				{Measure: MeasureClosing, Accounts: ranges("20"), Except: ranges("202")},
				// The year's result closed to equity (8999 against 20xx) moves it out of the
				// result accounts and into the equity: counted back here it leaves the
				// equity's total the same whether or not the year is closed.
				term(MeasureMovement, "89"),
			}},
		sum(Balansrakning, "eget-kapital", "Summa eget kapital",
			"varav-arets-resultat", "varav-resultatutjamningsreserv", "ovrigt-eget-kapital"),
		head(Balansrakning, "avsattningar", "Avsättningar"),
		br("avsattningar-pensioner", "Avsättningar för pensioner och liknande förpliktelser", -1, 12, "220-222"),
		br("ovriga-avsattningar", "Andra avsättningar", -1, 13, "223-229"),
		sum(Balansrakning, "summa-avsattningar", "Summa avsättningar", "avsattningar-pensioner", "ovriga-avsattningar"),
		head(Balansrakning, "skulder", "Skulder"),
		br("langfristiga-skulder", "Långfristiga skulder", -1, 14, "23"),
		br("kortfristiga-skulder", "Kortfristiga skulder", -1, 15, "24-29",
			nr("", "Kortfristiga skulder till kreditinstitut, leverantörer och staten", "24-28"),
			nr("", "Upplupna kostnader och förutbetalda intäkter", "29")),
		sum(Balansrakning, "summa-skulder", "Summa skulder", "langfristiga-skulder", "kortfristiga-skulder"),
		sum(Balansrakning, "summa-eget-kapital-avsattningar-skulder", "Summa eget kapital, avsättningar och skulder",
			"eget-kapital", "summa-avsattningar", "summa-skulder"),

		head(Kassaflode, "den-lopande-verksamheten", "Den löpande verksamheten"),
		sum(Kassaflode, "kf-arets-resultat", "Årets resultat", "arets-resultat"),
		kf("justering-avskrivningar", "Justering för av- och nedskrivningar", 1, term(MeasureMovement, "78-79")),
		kf("justering-avsattningar", "Justering för gjorda avsättningar", -1, term(MeasureChange, "22")),
		kf("justering-ovriga", "Justering för övriga ej likviditetspåverkande poster", -1,
			term(MeasureChange, "20"), term(MeasureMovement, "89")),
		sum(Kassaflode, "medel-fore-rorelsekapital", "Medel från verksamheten före förändring av rörelsekapital",
			"kf-arets-resultat", "justering-avskrivningar", "justering-avsattningar", "justering-ovriga"),
		kf("forandring-forrad", "Ökning (−)/minskning (+) av förråd och exploateringsfastigheter", -1, term(MeasureChange, "14")),
		kf("forandring-fordringar", "Ökning (−)/minskning (+) av fordringar", -1, term(MeasureChange, "15-17")),
		kf("forandring-kortfristiga-skulder", "Ökning (+)/minskning (−) av kortfristiga skulder", -1, term(MeasureChange, "24-29")),
		sum(Kassaflode, "kassaflode-lopande", "Kassaflöde från den löpande verksamheten",
			"medel-fore-rorelsekapital", "forandring-forrad", "forandring-fordringar", "forandring-kortfristiga-skulder"),
		head(Kassaflode, "investeringsverksamheten", "Investeringsverksamheten"),
		kf("investering-materiella", "Investering i materiella och immateriella anläggningstillgångar", -1,
			term(MeasureChange, "100-107", "109", "11-12"), term(MeasureMovement, "78-79")),
		kf("investering-finansiella", "Investering i finansiella anläggningstillgångar", -1, term(MeasureChange, "13")),
		kf("investering-infrastrukturbidrag", "Bidrag till statlig infrastruktur", -1, term(MeasureChange, "108")),
		sum(Kassaflode, "kassaflode-investeringar", "Kassaflöde från investeringsverksamheten",
			"investering-materiella", "investering-finansiella", "investering-infrastrukturbidrag"),
		head(Kassaflode, "finansieringsverksamheten", "Finansieringsverksamheten"),
		kf("forandring-langfristiga-skulder", "Ökning (+)/minskning (−) av långfristiga skulder", -1, term(MeasureChange, "23")),
		sum(Kassaflode, "kassaflode-finansiering", "Kassaflöde från finansieringsverksamheten", "forandring-langfristiga-skulder"),
		sum(Kassaflode, "arets-kassaflode", "Årets kassaflöde", "kassaflode-lopande", "kassaflode-investeringar", "kassaflode-finansiering"),
		kf("likvida-medel-ib", "Likvida medel vid årets början", 1, term(MeasureOpening, "18-19")),
		kf("likvida-medel-ub", "Likvida medel vid årets slut", 1, term(MeasureClosing, "18-19")),
	}}
}

// Validate checks a layout: every row has a valid ID unique in the layout, a known
// statement, a label and a known kind; an accounts row has sign +1 or −1 and terms with a
// known measure and valid account ranges (the resultaträkning takes movements, the
// balansräkning closing balances or movements); a sum row names rows that exist and does
// not, through other sums, add itself; a heading holds nothing. Note numbers are positive
// and unique, and only rows with amounts have notes. The rows every layout needs
// (RequiredStatementRows) are there, in their statement. No account is taken by two rows
// of the resultaträkning and balansräkning (the kassaflödesanalys takes accounts again by
// design). Paths are in the dataset format's terms ("rows[3].terms[0].accounts[1]").
func (l *StatementLayout) Validate() []Problem {
	var ps problems
	ids := map[string]int{}
	notes := map[int]string{}
	for i, r := range l.Rows {
		p := fmt.Sprintf("rows[%d]", i)
		switch {
		case r.ID == "":
			ps.add(p+".id", "id saknas")
		case !ValidID(r.ID):
			ps.add(p+".id", "ogiltigt id %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", r.ID)
		default:
			if _, dup := ids[r.ID]; dup {
				ps.add(p+".id", "id %q finns redan bland raderna", r.ID)
			} else {
				ids[r.ID] = i
			}
		}
		if !oneOf(r.Statement, StatementIDs) {
			ps.add(p+".statement", "okänd rapport %q: ska vara en av %s", r.Statement, list(StatementIDs))
		}
		if strings.TrimSpace(r.Label) == "" {
			ps.add(p+".label", "radens text saknas")
		}
		ps.text(p+".label", r.Label)
		switch r.Kind {
		case RowAccounts:
			if r.Sign != 1 && r.Sign != -1 {
				ps.add(p+".sign", "tecknet ska vara 1 eller -1 (rad %q)", r.ID)
			}
			if len(r.Sum) > 0 {
				ps.add(p+".sum", "en rad med konton summerar inte andra rader")
			}
			for j, t := range r.Terms {
				q := fmt.Sprintf("%s.terms[%d]", p, j)
				switch {
				case !oneOf(t.Measure, Measures):
					ps.add(q+".measure", "okänt mått %q: ska vara ett av %s", t.Measure, list(Measures))
				case r.Statement == Resultatrakning && t.Measure != MeasureMovement:
					ps.add(q+".measure", "resultaträkningen tar årets belopp (movement), inte %s", t.Measure)
				case r.Statement == Balansrakning && t.Measure != MeasureClosing && t.Measure != MeasureMovement:
					ps.add(q+".measure", "balansräkningen tar utgående balanser (closing) eller årets belopp (movement), inte %s", t.Measure)
				}
				if len(t.Accounts) == 0 {
					ps.add(q+".accounts", "termen har inga konton")
				}
				ps.accountRanges(q+".accounts", t.Accounts)
				ps.accountRanges(q+".except", t.Except)
			}
		case RowSum:
			if len(r.Terms) > 0 {
				ps.add(p+".terms", "en summarad tar inga konton, bara andra rader")
			}
			if len(r.Sum) == 0 {
				ps.add(p+".sum", "summaraden summerar inga rader")
			}
		case RowHeading:
			if len(r.Terms) > 0 || len(r.Sum) > 0 || r.Note != 0 {
				ps.add(p, "en rubrik har inga belopp, konton eller noter")
			}
		default:
			ps.add(p+".kind", "okänd radtyp %q: ska vara en av %s", r.Kind, list(RowKinds))
		}
		switch {
		case r.Note < 0:
			ps.add(p+".note", "notens nummer ska vara ett positivt heltal")
		case r.Note > 0 && notes[r.Note] != "":
			ps.add(p+".note", "not %d hör redan till raden %q", r.Note, notes[r.Note])
		case r.Note > 0:
			notes[r.Note] = r.ID
		}
		if len(r.NoteRows) > 0 && (r.Note == 0 || r.Kind != RowAccounts) {
			ps.add(p+".note_rows", "bara en rad med konton och en not kan ha notrader")
		}
		for j, n := range r.NoteRows {
			q := fmt.Sprintf("%s.note_rows[%d]", p, j)
			if n.ID != "" {
				if !ValidID(n.ID) {
					ps.add(q+".id", "ogiltigt id %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", n.ID)
				} else if _, dup := ids[n.ID]; dup {
					ps.add(q+".id", "id %q finns redan bland raderna", n.ID)
				} else {
					ids[n.ID] = -1
				}
			}
			if strings.TrimSpace(n.Label) == "" {
				ps.add(q+".label", "notradens text saknas")
			}
			ps.text(q+".label", n.Label)
			if len(n.Accounts) == 0 {
				ps.add(q+".accounts", "notraden har inga konton")
			}
			ps.accountRanges(q+".accounts", n.Accounts)
		}
	}
	// Sums: references resolve to rows with amounts, and no sum reaches itself.
	for i, r := range l.Rows {
		for j, id := range r.Sum {
			k, ok := ids[id]
			switch {
			case !ok || k < 0:
				ps.add(fmt.Sprintf("rows[%d].sum[%d]", i, j), "det finns ingen rad %q att summera", id)
			case l.Rows[k].Kind == RowHeading:
				ps.add(fmt.Sprintf("rows[%d].sum[%d]", i, j), "raden %q är en rubrik och har inget belopp", id)
			}
		}
	}
	for i, r := range l.Rows {
		if r.Kind == RowSum && l.sumReaches(ids, r.ID, r.ID, map[string]bool{}) {
			ps.add(fmt.Sprintf("rows[%d].sum", i), "summaraden %q summerar, genom andra summor, sig själv", r.ID)
		}
	}
	for _, st := range StatementIDs {
		for _, id := range RequiredStatementRows[st] {
			k, ok := ids[id]
			switch {
			case !ok || k < 0:
				ps.add("rows", "raden %q saknas i %s; den behövs för kontrollerna och nyckeltalen", id, strings.ToLower(st.Name()))
			case l.Rows[k].Statement != st:
				ps.add(fmt.Sprintf("rows[%d].statement", k), "raden %q hör till %s", id, strings.ToLower(st.Name()))
			case l.Rows[k].Kind == RowHeading:
				ps.add(fmt.Sprintf("rows[%d].kind", k), "raden %q ska ha ett belopp, inte vara en rubrik", id)
			}
		}
	}
	ps = append(ps, l.overlaps()...)
	return ps
}

func (ps *problems) accountRanges(path string, rs []AccountRange) {
	for j, a := range rs {
		if _, err := ParseAccountRange(a.String()); err != nil || a.From == "" {
			ps.add(fmt.Sprintf("%s[%d]", path, j), "ogiltigt kontointervall %q", a.String())
		}
	}
}

// sumReaches reports whether the sum row id adds, directly or through other sums, the
// row target.
func (l *StatementLayout) sumReaches(ids map[string]int, id, target string, seen map[string]bool) bool {
	k, ok := ids[id]
	if !ok || k < 0 || seen[id] {
		return false
	}
	seen[id] = true
	for _, s := range l.Rows[k].Sum {
		if s == target || l.sumReaches(ids, s, target, seen) {
			return true
		}
	}
	return false
}

// overlaps returns a problem for each pair of accounts rows of the resultaträkning and
// balansräkning whose terms take a common account: that account would be counted twice.
func (l *StatementLayout) overlaps() []Problem {
	type span struct {
		row, term int
		t         StatementTerm
	}
	var spans []span
	for i, r := range l.Rows {
		if r.Kind != RowAccounts || (r.Statement != Resultatrakning && r.Statement != Balansrakning) {
			continue
		}
		for j, t := range r.Terms {
			spans = append(spans, span{i, j, t})
		}
	}
	var ps problems
	for a := 0; a < len(spans); a++ {
		for b := a + 1; b < len(spans); b++ {
			if spans[a].row == spans[b].row {
				continue
			}
			if acc, ok := commonAccount(spans[a].t, spans[b].t); ok {
				ps.add(fmt.Sprintf("rows[%d].terms[%d].accounts", spans[b].row, spans[b].term),
					"kontona %s tas redan av raden %q; ett konto får bara finnas på en rad", acc, l.Rows[spans[a].row].ID)
			}
		}
	}
	return ps
}

// commonAccount returns the first span of accounts that both terms take ("4000–7899"), if
// any.
// Ranges compare as prefixes, so each is widened to a common length: "4"–"78" is
// 4000–7899 at four digits.
func commonAccount(a, b StatementTerm) (string, bool) {
	n := 1
	for _, rs := range [][]AccountRange{a.Accounts, a.Except, b.Accounts, b.Except} {
		for _, r := range rs {
			n = max(n, len(r.From), len(r.To))
		}
	}
	pad := func(s string, c byte) string { return s + strings.Repeat(string(c), n-len(s)) }
	for _, x := range a.Accounts {
		for _, y := range b.Accounts {
			lo := max(pad(x.From, '0'), pad(y.From, '0'))
			hi := min(pad(x.To, '9'), pad(y.To, '9'))
			if lo > hi {
				continue
			}
			// The common span counts unless one term excepts all of it.
			if covered(a.Except, lo, hi, pad) || covered(b.Except, lo, hi, pad) {
				continue
			}
			return lo + "–" + hi, true
		}
	}
	return "", false
}

func covered(except []AccountRange, lo, hi string, pad func(string, byte) string) bool {
	return slices.ContainsFunc(except, func(e AccountRange) bool {
		return pad(e.From, '0') <= lo && hi <= pad(e.To, '9')
	})
}
