package tertial

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capitalize returns s with its first letter upper case, for a sentence that starts with
// a name or a number word.
func Capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// JoinAnd joins parts as Swedish lists do: "a", "a och b", "a, b och c".
func JoinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " och " + parts[len(parts)-1]
}
