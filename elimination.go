package tertial

import (
	"fmt"
	"regexp"
)

// The companies of the kommunkoncern and what the sammanställda räkenskaper eliminate
// between them and the municipality (LKBR 12 kap., RKR R16; docs/statements.md,
// "Sammanställda räkenskaper").

// orgNumberPattern is a Swedish organisationsnummer as written: six digits, a hyphen and
// four digits ("556123-4567").
var orgNumberPattern = regexp.MustCompile(`^[0-9]{6}-[0-9]{4}$`)

// validateCompany checks a unit's company fields: a company (kind company) has an
// ownership share above 0 and at most 100 percent and, when given, an organisationsnummer
// written NNNNNN-NNNN; a unit of another kind has neither. Paths are the unit's fields.
func (u *Unit) validateCompany() []Problem {
	var ps problems
	if u.Kind != UnitCompany {
		if u.Share != nil {
			ps.add("share", "bara ett bolag (enhetstyp company) har en ägarandel")
		}
		if u.OrgNumber != "" {
			ps.add("org_number", "bara ett bolag (enhetstyp company) har ett organisationsnummer")
		}
		return ps
	}
	switch {
	case u.Share == nil:
		ps.add("share", "bolagets ägarandel saknas: ange kommunens andel i procent (0–100)")
	case u.Share.Sign() <= 0 || u.Share.Cmp(DecimalFromInt(100)) > 0:
		ps.add("share", "ägarandelen %s %% ska vara större än 0 och högst 100", swedishNumber(*u.Share, u.Share.Scale()))
	}
	if u.OrgNumber != "" && !orgNumberPattern.MatchString(u.OrgNumber) {
		ps.add("org_number", "organisationsnumret %q ska skrivas som sex siffror, bindestreck och fyra siffror (556123-4567)", u.OrgNumber)
	}
	return ps
}

// Companies returns the dataset's units of kind company, in the dataset's order, but those
// retired before the year (0: every one).
func (d *Dataset) Companies(year int) []Unit {
	var out []Unit
	for _, u := range d.Units {
		if u.Kind == UnitCompany && (year == 0 || u.Retired == 0 || u.Retired >= year) {
			out = append(out, u)
		}
	}
	return out
}

// Elimination is an internal transaction or balance between a company and the
// municipality (or another company) that the sammanställda räkenskaper take out, entered
// for a year as a voucher on statement rows: the Debit side takes Amount off a row whose
// money is on the credit side in the parts' books (an income, a liability, equity), the
// Credit side off a row whose money is on the debit side (a cost, an asset). Internal rent
// is a debit of the company's verksamhetens intäkter and a credit of the municipality's
// verksamhetens kostnader; the municipality's loan to the company a debit of the
// company's långfristiga skulder and a credit of the municipality's finansiella
// anläggningstillgångar; the municipality's shares a debit of the company's eget kapital
// and a credit of the same finansiella anläggningstillgångar.
//
// The amounts are what is eliminated, the company's share already applied (60 % of the
// internal rent of a company owned to 60 %), entered as each party's books have it. They
// should be equal; an elimination whose sides differ is named by
// ConsolidatedStatements.Check, as the difference would otherwise unbalance the
// koncern's statements. The dataset format's key is `economy.eliminations`.
type Elimination struct {
	Year int
	// Company is the company's unit ID; Counterpart the other party's, "" for the
	// municipality.
	Company, Counterpart string
	Text                 string // what is eliminated ("Internhyra för skolor och förskolor")
	Debit, Credit        EliminationSide
}

// EliminationSide is one side of an elimination: the statement row (an accounts row of
// the resultaträkning or the balansräkning) and the amount, öre, positive.
type EliminationSide struct {
	Row    string
	Amount Amount
}

// CounterpartName returns the counterpart in Swedish: the company's name, or "kommunen".
func (d *Dataset) CounterpartName(id string) string {
	if id == "" {
		return "kommunen"
	}
	if u := d.Unit(id); u != nil {
		return u.Name
	}
	return id
}

// Validate checks an elimination on its own: the year, a text, and on each side a row ID
// and an amount above zero. That the rows are accounts rows of the resultaträkning or the
// balansräkning is checked against the layout (ValidateEliminationRows); that the units
// are companies against the dataset.
func (e *Elimination) Validate() []Problem {
	var ps problems
	ps.year("year", e.Year)
	if e.Text == "" {
		ps.add("text", "elimineringens text saknas: skriv vad som elimineras")
	}
	ps.text("text", e.Text)
	for _, s := range []struct {
		path string
		side EliminationSide
	}{{"debit", e.Debit}, {"credit", e.Credit}} {
		if s.side == (EliminationSide{}) {
			ps.add(s.path, "elimineringens %s saknas", map[string]string{"debit": "debetsida", "credit": "kreditsida"}[s.path])
			continue
		}
		if s.side.Row == "" {
			ps.add(s.path+".row", "raden i räkenskaperna saknas")
		} else if !ValidID(s.side.Row) {
			ps.add(s.path+".row", "ogiltigt rad-id %q", s.side.Row)
		}
		if s.side.Amount <= 0 {
			ps.add(s.path+".amount", "beloppet %s ska vara större än noll", kronor(s.side.Amount))
		}
	}
	return ps
}

// ValidateEliminationRows returns the problems of eliminations whose rows are not accounts
// rows of the resultaträkning or the balansräkning of the layout, with paths
// "[i].debit.row".
func ValidateEliminationRows(layout *StatementLayout, es []Elimination) []Problem {
	var ps problems
	for i, e := range es {
		for _, s := range []struct {
			path string
			row  string
		}{{"debit", e.Debit.Row}, {"credit", e.Credit.Row}} {
			if s.row == "" {
				continue
			}
			r, ok := layout.Row(s.row)
			switch {
			case !ok:
				ps.add(fmt.Sprintf("[%d].%s.row", i, s.path), "det finns ingen rad %q i räkenskaperna", s.row)
			case r.Kind != RowAccounts || r.Statement == Kassaflode:
				ps.add(fmt.Sprintf("[%d].%s.row", i, s.path),
					"raden %q är inte en rad med konton i resultaträkningen eller balansräkningen; summor räknas om och kassaflödet följer av balanserna", s.row)
			}
		}
	}
	return ps
}

// eliminations checks the dataset's eliminations: each on its own, its company a unit of
// kind company, its counterpart another company or the municipality (""), and its rows
// those of the default consolidated layout.
func (v *validator) eliminations() {
	es := v.d.Economy.Eliminations
	for i := range es {
		e := &es[i]
		p := fmt.Sprintf("economy.eliminations[%d]", i)
		v.add(p, e.Validate())
		switch u := v.d.Unit(e.Company); {
		case e.Company == "":
			v.addf(p+".company", "bolaget saknas")
		case u == nil:
			v.addf(p+".company", "det finns ingen enhet %q", e.Company)
		case u.Kind != UnitCompany:
			v.addf(p+".company", "enheten %q är inte ett bolag (enhetstyp company)", e.Company)
		}
		if e.Counterpart != "" {
			switch u := v.d.Unit(e.Counterpart); {
			case u == nil:
				v.addf(p+".counterpart", "det finns ingen enhet %q", e.Counterpart)
			case u.Kind != UnitCompany:
				v.addf(p+".counterpart", "motparten %q är inte ett bolag; lämna motparten tom för kommunen", e.Counterpart)
			case e.Counterpart == e.Company:
				v.addf(p+".counterpart", "bolaget kan inte vara sin egen motpart")
			}
		}
	}
	for _, pr := range ValidateEliminationRows(DefaultConsolidatedLayout(), es) {
		v.addf("economy.eliminations"+pr.Path, "%s", pr.Message)
	}
}
