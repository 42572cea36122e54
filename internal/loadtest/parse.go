package loadtest

import (
	"errors"
	"html"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// formState is what an indicator value's edit form shows: the version it was read at and
// the value.
type formState struct {
	version int
	value   string
}

var (
	versionInput = regexp.MustCompile(`<input type="hidden" name="version" value="([0-9]+)">`)
	valueInput   = regexp.MustCompile(`<input id="varde" name="varde"[^>]*? value="([^"]*)"`)
	errorMessage = regexp.MustCompile(`(?s)<main[^>]*>(.*?)</main>`)
	tags         = regexp.MustCompile(`<[^>]+>`)
	// A row of the history page: when, who, field, before, after.
	// A change of the history page: the audit log's values in the row's data- attributes.
	historyRow = regexp.MustCompile(`<tr data-actor="([^"]*)" data-field="([^"]*)" data-old="([^"]*)" data-new="([^"]*)">`)
)

func parseForm(body string) (formState, error) {
	m := versionInput.FindStringSubmatch(body)
	if m == nil {
		return formState{}, errors.New("no version in the form")
	}
	v, err := strconv.Atoi(m[1])
	if err != nil {
		return formState{}, err
	}
	val := valueInput.FindStringSubmatch(body)
	if val == nil {
		return formState{}, errors.New("no value field in the form")
	}
	return formState{version: v, value: html.UnescapeString(val[1])}, nil
}

// number reads a decimal as the site shows it ("1 234,5", with no-break spaces, a
// decimal comma and maybe a minus sign) or as the audit log holds it ("1234.5").
func number(s string) (*big.Rat, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\u2212", "-", ",", ".").Replace(strings.TrimSpace(s))
	if s == "" {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// sameNumber reports whether two decimals written either way are equal: "12,30" and
// "12.3" are.
func sameNumber(a, b string) bool {
	x, ok1 := number(a)
	y, ok2 := number(b)
	if !ok1 || !ok2 {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return x.Cmp(y) == 0
}

// pageMessage is the text of an error page's main content, shortened, for error samples.
func pageMessage(body string) string {
	s := body
	if m := errorMessage.FindStringSubmatch(body); m != nil {
		s = m[1]
	}
	s = strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(s, " "))), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// historyChange is one row of an item's change history.
type historyChange struct{ actor, field, old, new string }

func parseHistory(body string) []historyChange {
	var out []historyChange
	for _, m := range historyRow.FindAllStringSubmatch(body, -1) {
		out = append(out, historyChange{actor: html.UnescapeString(m[1]), field: html.UnescapeString(m[2]),
			old: html.UnescapeString(m[3]), new: html.UnescapeString(m[4])})
	}
	return out
}
