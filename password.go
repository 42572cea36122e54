package tertial

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The length limits of a password, in characters (Unicode code points), after OWASP
// ASVS 4 V2.1: at least 12, and at most 128 so that hashing a password stays cheap.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

// commonPasswordList is the 10 000 most common passwords of SecLists (MIT License; see
// passwords/NOTICE), one a line.
//
//go:embed passwords/10k-most-common.txt
var commonPasswordList string

// commonPasswords is commonPasswordList as a set of lower-case passwords.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for line := range strings.Lines(commonPasswordList) {
		if p := strings.ToLower(strings.TrimRight(line, "\r\n")); p != "" {
			set[p] = true
		}
	}
	return set
})

// common reports whether a password is a common one, or a common one (of at least four
// characters) padded to length with digits and punctuation before or after it
// ("password1234", "!!monkey2024!!"): at twelve characters few list entries are long
// enough to match as they are, and padding a short common password is what people do.
func common(password string) bool {
	p := strings.ToLower(password)
	if commonPasswords()[p] {
		return true
	}
	stem := strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	return utf8.RuneCountInString(stem) >= 4 && commonPasswords()[stem]
}

// distinctRunes returns how many different characters s has.
func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// CheckPassword returns an EINVALID error, in Swedish, if a new password is too short, too
// long, not valid UTF-8, one of the most common passwords (compared without regard to
// case; also when padded with digits or punctuation), or made of fewer than four
// different characters; nil if it may be used. Any character is allowed and no mix of kinds of
// characters is required (ASVS 4 V2.1): length is what makes a password strong. It is
// called wherever a password is set from its text (tertial user add and set-password);
// the store only sees hashes.
func CheckPassword(password string) error {
	if !utf8.ValidString(password) {
		return Errorf(EINVALID, "lösenordet är inte giltig text (UTF-8)")
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return Errorf(EINVALID, "lösenordet är för kort: %d tecken, minst %d krävs (gärna flera ord i en mening)", n, MinPasswordLength)
	case n > MaxPasswordLength:
		return Errorf(EINVALID, "lösenordet är för långt: %d tecken, högst %d", n, MaxPasswordLength)
	case common(password):
		return Errorf(EINVALID, "lösenordet finns bland de vanligaste lösenorden i läckta lösenordslistor (eller är ett av dem med siffror eller tecken före eller efter); välj ett annat")
	case distinctRunes(password) < 4:
		return Errorf(EINVALID, "lösenordet består av för få olika tecken (som aaaaaaaaaaaa eller abababababab); välj ett annat")
	}
	return nil
}
