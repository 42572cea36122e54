package compute

import (
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// Boards is the noun consolidated sentences count boards with: nämnd, nämnder.
var Boards = sv.Noun{Singular: "nämnd", Plural: "nämnder"}

// CouncilGoalSentences writes how the boards that contribute to a council goal assess it,
// with the goal scale's names in the scale's order: "Av fem nämnder som bidrar till målet
// har tre bedömningen uppnås, en uppnås delvis och en uppnås ej." total counts every
// contributing board; levels those with an assessment; mixed those whose goals under the
// council goal have differing assessments (and no assessment of the council goal of their
// own). The rest lack an assessment and are counted in a sentence of their own.
func CouncilGoalSentences(board sv.Noun, total int, levels []LevelCount, mixed int) string {
	neuter := board.Neuter
	if total == 0 {
		if neuter {
			return "Inget " + board.Singular + " bidrar till målet i perioden."
		}
		return "Ingen " + board.Singular + " bidrar till målet i perioden."
	}
	assessed := 0
	var parts []string
	for _, l := range levels {
		if l.N > 0 {
			assessed += l.N
			parts = append(parts, Number(l.N, neuter)+" "+Lower(l.Name))
		}
	}
	contributes := board.Count(total) + " bidrar till målet"
	it := "Den"
	if neuter {
		it = "Det"
	}
	var s string
	switch {
	case assessed == 0:
		s = tertial.Capitalize(contributes) + "."
	case total == 1:
		s = tertial.Capitalize(contributes) + " och har bedömningen " + Lower(levels[firstWith(levels)].Name) + "."
	case len(parts) == 1 && assessed == total && total == 2:
		s = "Båda " + board.Definite(true) + " som bidrar till målet har bedömningen " + Lower(levels[firstWith(levels)].Name) + "."
	case len(parts) == 1 && assessed == total:
		s = "Samtliga " + board.Count(total) + " som bidrar till målet har bedömningen " + Lower(levels[firstWith(levels)].Name) + "."
	default:
		first, rest := parts[0], ""
		for i := 0; i < len(first); i++ {
			if first[i] == ' ' {
				first, rest = first[:i], first[i+1:]
				break
			}
		}
		parts[0] = first + " bedömningen " + rest
		s = "Av " + board.Count(total) + " som bidrar till målet har " + tertial.JoinAnd(parts) + "."
	}
	if mixed > 0 && total > 1 {
		s += " " + tertial.Capitalize(Number(mixed, neuter)) + " har olika bedömningar av sina mål under det."
	} else if mixed > 0 {
		s += " " + it + " har olika bedömningar av sina mål under det."
	}
	switch missing := total - assessed - mixed; {
	case missing == 0:
	case missing == total && total == 1:
		s += " " + it + " saknar bedömning."
	case missing == total:
		s += " Ingen av dem har någon bedömning."
	default:
		s += " " + tertial.Capitalize(Number(missing, neuter)) + " saknar bedömning."
	}
	return s
}
