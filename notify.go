package tertial

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Reminders and notifications: the rules of an account's e-mail address and of a
// municipality's reminder settings. The store enforces them; the site and the API present
// them.

// MaxEmailLength is the longest e-mail address an account may have (RFC 5321's path).
const MaxEmailLength = 254

// ValidateEmail returns the problems of an account's e-mail address: "" (none) is fine,
// otherwise one plain address (anna@example.se), without a display name.
func ValidateEmail(addr string) []Problem {
	var ps problems
	if addr == "" {
		return nil
	}
	if n := utf8.RuneCountInString(addr); n > MaxEmailLength {
		ps.add("email", "e-postadressen får vara högst %d tecken, den har %d", MaxEmailLength, n)
		return ps
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr || strings.ContainsAny(addr, " \t\r\n<>") || !strings.Contains(addr[strings.LastIndexByte(addr, '@')+1:], ".") {
		ps.add("email", "%q är ingen e-postadress: skriv den som namn@exempel.se", addr)
	}
	return ps
}

// MaxReminderDays is the most days before a deadline a reminder may go out, and
// MaxReminders the most reminders per deadline.
const (
	MaxReminderDays = 90
	MaxReminders    = 5
)

// DefaultReminderDays are the days before a deadline the reminders go out unless a
// municipality chooses otherwise.
var DefaultReminderDays = []int{7, 1}

// ValidateReminderDays returns the problems of a municipality's reminder days: each from 0
// (the day itself) to MaxReminderDays, no day twice, at most MaxReminders of them. None is
// allowed: then no reminders go out.
func ValidateReminderDays(days []int) []Problem {
	var ps problems
	if len(days) > MaxReminders {
		ps.add("days_before", "högst %d påminnelser per sista dag, inte %d", MaxReminders, len(days))
	}
	seen := map[int]bool{}
	for _, d := range days {
		switch {
		case d < 0 || d > MaxReminderDays:
			ps.add("days_before", "%d dagar före sista dagen går inte: välj från 0 (samma dag) till %d", d, MaxReminderDays)
		case seen[d]:
			ps.add("days_before", "%d dagar står två gånger", d)
		}
		seen[d] = true
	}
	return ps
}
