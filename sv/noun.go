package sv

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Noun is a Swedish noun in the forms a sentence counting things needs: "ett uppdrag",
// "tre uppdrag", "uppdraget", "uppdragen"; "en aktivitet", "tre aktiviteter",
// "aktiviteten", "aktiviteterna".
type Noun struct {
	Singular string // indefinite: "aktivitet"
	Plural   string // indefinite: "aktiviteter"
	Neuter   bool   // an ett-word
}

// neuterEndings end the words taken as ett-words: the words municipalities use for goals,
// goal areas and assignments ("mål", "målområde", "uppdrag", "åtagande", "projekt").
var neuterEndings = []string{"ande", "ende", "område", "mål", "drag", "projekt", "initiativ", "perspektiv", "arbete", "ärende"}

// erEndings end the en-words whose plural ends in -er ("aktiviteter", "åtgärder").
var erEndings = []string{"het", "tet", "ion", "gärd", "sats", "ent", "ant", "i", "else", "or"}

// NounOf returns the forms of a noun from its singular indefinite form, which a
// municipality's vocabulary gives ("Aktivitet"; the first letter is made lower case). The
// forms follow the common patterns of Swedish: an ett-word ending in -e takes -n in the
// plural (åtagande, åtaganden), another is unchanged (uppdrag); an en-word ending in -ing
// takes -ar (satsning, satsningar), one ending in -het, -tet, -ion, -gärd, -sats, -ent,
// -ant, -i, -else or -or takes -er or -r (aktivitet, aktiviteter; indikator, indikatorer),
// one ending in -a takes -or,
// and others -ar. Which words are ett-words: neuterEndings.
func NounOf(word string) Noun {
	w := lowerFirst(strings.TrimSpace(word))
	n := Noun{Singular: w, Plural: w}
	for _, e := range neuterEndings {
		if strings.HasSuffix(w, e) {
			n.Neuter = true
		}
	}
	switch {
	case n.Neuter && strings.HasSuffix(w, "e"):
		n.Plural = w + "n"
	case n.Neuter:
	case strings.HasSuffix(w, "ing"):
		n.Plural = w + "ar"
	case hasAnySuffix(w, erEndings):
		if strings.HasSuffix(w, "e") {
			n.Plural = w + "r"
		} else {
			n.Plural = w + "er"
		}
	case strings.HasSuffix(w, "a"):
		n.Plural = strings.TrimSuffix(w, "a") + "or"
	case strings.HasSuffix(w, "e"):
		n.Plural = strings.TrimSuffix(w, "e") + "ar"
	default:
		n.Plural = w + "ar"
	}
	return n
}

// Definite returns the definite form, singular or plural: "uppdraget", "uppdragen",
// "målområdet", "målområdena", "aktiviteten", "aktiviteterna". An en-word ending in -or
// takes -n: "indikatorn".
func (n Noun) Definite(plural bool) string {
	w := n.Singular
	vowel := strings.HasSuffix(w, "e") || strings.HasSuffix(w, "a") || strings.HasSuffix(w, "i")
	switch {
	case n.Neuter && !plural && vowel:
		return w + "t"
	case n.Neuter && !plural:
		return w + "et"
	case n.Neuter && strings.HasSuffix(n.Plural, "n"):
		return n.Plural + "a"
	case n.Neuter:
		return n.Plural + "en"
	case !plural && (vowel || strings.HasSuffix(w, "or")):
		return w + "n"
	case !plural:
		return w + "en"
	}
	return n.Plural + "na"
}

// Count returns n of the noun with the count in words up to twelve: "ett uppdrag", "en
// aktivitet", "tre aktiviteter", "14 uppdrag".
func (n Noun) Count(c int) string {
	if c == 1 {
		if n.Neuter {
			return "ett " + n.Singular
		}
		return "en " + n.Singular
	}
	return NumberWord(c, n.Neuter) + " " + n.Plural
}

// Agree returns the adjective or participle that agrees with the noun in the number c:
// common singular, neuter singular or plural ("kopplad", "kopplat", "kopplade").
func (n Noun) Agree(c int, common, neuter, plural string) string {
	switch {
	case c != 1:
		return plural
	case n.Neuter:
		return neuter
	}
	return common
}

var numberWords = []string{"noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"}

// NumberWord writes n in words up to twelve, with the gender of the noun it counts ("en",
// "ett"), and in digits above.
func NumberWord(n int, neuter bool) string {
	switch {
	case n == 1 && neuter:
		return "ett"
	case n >= 0 && n < len(numberWords):
		return numberWords[n]
	}
	return itoa(n)
}

func hasAnySuffix(s string, ends []string) bool {
	for _, e := range ends {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
