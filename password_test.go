package tertial_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

// TestCheckPassword: the rules of ASVS 4 V2.1 as Tertial applies them (issue 12, F13).
func TestCheckPassword(t *testing.T) {
	for _, c := range []struct {
		password string
		ok       bool
	}{
		{"demo", false},
		{"x1234", false},
		{"elva-tecken", false},      // 11 characters
		{"tolv-tecken!", true},      // 12
		{"ålö-äöå-ÅÄÖÅ", true},      // 12 characters, 21 bytes
		{"пароль-на-русском", true}, // no character classes required
		{"🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐠", false},                       // 12 characters but only two different
		{"kort men lång mening här", true},            // spaces are characters like any other
		{strings.Repeat("abcdefgh", 16), true},        // 128
		{strings.Repeat("abcdefgh", 16) + "i", false}, // 129
		{"unbelievable", false},                       // in the list as it is
		{"UnBelievable", false},                       // compared without regard to case
		{"Contortionist", false},
		{"password1234", false},   // a common password padded with digits
		{"!!Monkey2024!!", false}, // and with punctuation
		{"aaaaaaaaaaaa", false},
		{"abababababab", false},
		{"monkey-i-trädet", true}, // a common word inside a longer passphrase is fine
		{"bad\xffutf8-password", false},
	} {
		err := tertial.CheckPassword(c.password)
		if (err == nil) != c.ok {
			t.Errorf("CheckPassword(%q) = %v, want ok %v", c.password, err, c.ok)
		}
		if err != nil && tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("CheckPassword(%q): code %s, want EINVALID", c.password, tertial.ErrorCode(err))
		}
	}
	if err := tertial.CheckPassword("x1234"); err == nil || !strings.Contains(err.Error(), "minst 12") {
		t.Errorf("a short password's message: %v", err)
	}
}
