package tertial

import "strings"

// CouncilGoalCounts counts the council's goals (KF-mål) by their assessment for the year,
// in the levels of the goal scale: the first level (uppnås), the second (uppnås delvis),
// the third (uppnås ej), and those that cannot be assessed. A municipality with its own
// goal scale maps its levels on these in the scale's order.
type CouncilGoalCounts struct {
	Achieved, Partly, NotAchieved, NotAssessable int
}

// Total returns the number of goals.
func (c CouncilGoalCounts) Total() int {
	return c.Achieved + c.Partly + c.NotAchieved + c.NotAssessable
}

// GoodManagement is the assessment of god ekonomisk hushållning (Kommunallagen 11 kap.
// 1 §) from the financial goals' outcomes and the council goals' assessments.
type GoodManagement struct {
	// Assessment is one of AssessAchieved, AssessPartly, AssessNotAchieved and
	// AssessNotAssessable.
	Assessment Assessment
	// The financial goals by outcome.
	FinancialMet, FinancialNotMet, FinancialNotAssessable int
	Council                                               CouncilGoalCounts
	// Reasoning is the assessment written out from the counts, in Swedish.
	Reasoning string
}

// AssessGoodManagement assesses god ekonomisk hushållning by one fixed rule (docs/
// economy.md): it is achieved (uppnås) when every financial goal that can be assessed is
// met and more than half of the council goals assessed are achieved; partly achieved
// (uppnås delvis) when at least half of those financial goals are met and more than half
// of the council goals are achieved or partly achieved; not achieved otherwise. It cannot
// be assessed when no financial goal or no council goal can be. The reasoning names the
// counts and which condition decided.
func AssessGoodManagement(outcomes []FinancialOutcome, council CouncilGoalCounts) GoodManagement {
	g := GoodManagement{Council: council}
	for _, o := range outcomes {
		switch o.Assessment {
		case FinancialMet:
			g.FinancialMet++
		case FinancialNotMet:
			g.FinancialNotMet++
		default:
			g.FinancialNotAssessable++
		}
	}
	f := g.FinancialMet + g.FinancialNotMet
	c := council.Achieved + council.Partly + council.NotAchieved
	var conclusion string
	switch {
	case f == 0 || c == 0:
		g.Assessment = AssessNotAssessable
		var why []string
		if f == 0 {
			why = append(why, "inget finansiellt mål kan bedömas")
		}
		if c == 0 {
			why = append(why, "inget av fullmäktiges mål har bedömts")
		}
		conclusion = "God ekonomisk hushållning kan därmed inte bedömas, eftersom " + joinSwedish(why) + "."
	case g.FinancialMet == f && 2*council.Achieved > c:
		g.Assessment = AssessAchieved
		conclusion = "God ekonomisk hushållning bedöms därmed uppnås: alla finansiella mål som kan bedömas är uppfyllda och mer än hälften av fullmäktiges bedömda mål uppnås."
	case 2*g.FinancialMet >= f && 2*(council.Achieved+council.Partly) > c:
		g.Assessment = AssessPartly
		var why []string
		if g.FinancialMet < f {
			why = append(why, "inte alla finansiella mål är uppfyllda")
		}
		if 2*council.Achieved <= c {
			why = append(why, "högst hälften av fullmäktiges bedömda mål uppnås helt")
		}
		conclusion = "God ekonomisk hushållning bedöms därmed uppnås delvis, eftersom " + joinSwedish(why) + "."
	default:
		g.Assessment = AssessNotAchieved
		var why []string
		if 2*g.FinancialMet < f {
			why = append(why, "färre än hälften av de finansiella målen är uppfyllda")
		}
		if 2*(council.Achieved+council.Partly) <= c {
			why = append(why, "högst hälften av fullmäktiges bedömda mål uppnås helt eller delvis")
		}
		conclusion = "God ekonomisk hushållning bedöms därmed inte uppnås, eftersom " + joinSwedish(why) + "."
	}
	g.Reasoning = strings.Join([]string{g.financialSentence(), councilSentence(council), conclusion}, " ")
	return g
}

// neuterCount writes a count of a neuter noun (mål) in words up to twelve: "ett", "två".
func neuterCount(n int) string {
	if n >= 0 && n < len(swedishNumberWords) {
		return swedishNumberWords[n]
	}
	return swedishNumber(DecimalFromInt(int64(n)), 0)
}

// financialSentence: "Av de fyra finansiella målen är tre uppfyllda och ett inte uppfyllt."
func (g *GoodManagement) financialSentence() string {
	n := g.FinancialMet + g.FinancialNotMet + g.FinancialNotAssessable
	switch {
	case n == 0:
		return "Fullmäktige har inga finansiella mål för året."
	case n == 1 && g.FinancialMet == 1:
		return "Det finansiella målet är uppfyllt."
	case n == 1 && g.FinancialNotMet == 1:
		return "Det finansiella målet är inte uppfyllt."
	case n == 1:
		return "Det finansiella målet kan inte bedömas."
	case g.FinancialMet == n:
		return "Alla " + neuterCount(n) + " finansiella mål är uppfyllda."
	case g.FinancialNotMet == n:
		return "Inget av de " + neuterCount(n) + " finansiella målen är uppfyllt."
	case g.FinancialNotAssessable == n:
		return "Inget av de " + neuterCount(n) + " finansiella målen kan bedömas."
	}
	var parts []string
	if m := g.FinancialMet; m > 0 {
		parts = append(parts, neuterCount(m)+" "+plural(m, "uppfyllt", "uppfyllda"))
	}
	if m := g.FinancialNotMet; m > 0 {
		parts = append(parts, neuterCount(m)+" inte "+plural(m, "uppfyllt", "uppfyllda"))
	}
	if m := g.FinancialNotAssessable; m > 0 {
		parts = append(parts, neuterCount(m)+" kan inte bedömas")
	}
	return "Av de " + neuterCount(n) + " finansiella målen är " + joinSwedish(parts) + "."
}

// councilSentence: "Av fullmäktiges tolv mål bedöms sju uppnås, tre uppnås delvis och två
// inte uppnås; ett kan inte bedömas."
func councilSentence(c CouncilGoalCounts) string {
	n := c.Total()
	switch {
	case n == 0:
		return "Inget av fullmäktiges mål har bedömts."
	case n == 1:
		switch {
		case c.Achieved == 1:
			return "Fullmäktiges enda mål bedöms uppnås."
		case c.Partly == 1:
			return "Fullmäktiges enda mål bedöms uppnås delvis."
		case c.NotAchieved == 1:
			return "Fullmäktiges enda mål bedöms inte uppnås."
		}
		return "Fullmäktiges enda mål kan inte bedömas."
	case c.Achieved == n:
		return "Alla " + neuterCount(n) + " av fullmäktiges mål bedöms uppnås."
	case c.Partly == n:
		return "Alla " + neuterCount(n) + " av fullmäktiges mål bedöms uppnås delvis."
	case c.NotAchieved == n:
		return "Inget av fullmäktiges " + neuterCount(n) + " mål bedöms uppnås."
	case c.NotAssessable == n:
		return "Inget av fullmäktiges " + neuterCount(n) + " mål kan bedömas."
	}
	var parts []string
	if c.Achieved > 0 {
		parts = append(parts, neuterCount(c.Achieved)+" uppnås")
	}
	if c.Partly > 0 {
		parts = append(parts, neuterCount(c.Partly)+" uppnås delvis")
	}
	if c.NotAchieved > 0 {
		parts = append(parts, neuterCount(c.NotAchieved)+" inte uppnås")
	}
	s := "Av fullmäktiges " + neuterCount(n) + " mål"
	if len(parts) > 0 {
		s += " bedöms " + joinSwedish(parts)
	}
	if c.NotAssessable > 0 {
		if len(parts) > 0 {
			s += ";"
		}
		s += " " + neuterCount(c.NotAssessable) + " kan inte bedömas"
	}
	return s + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
