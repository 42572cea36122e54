package tertial

import "testing"

func TestValidateEmail(t *testing.T) {
	for _, ok := range []string{"", "anna@example.se", "a.b-c+d@kommun.huddinge.se"} {
		if ps := ValidateEmail(ok); len(ps) != 0 {
			t.Errorf("ValidateEmail(%q) = %v, want none", ok, ps)
		}
	}
	for _, bad := range []string{"anna", "anna@", "Anna <anna@example.se>", "anna@example.se\r\nBcc: x@y.se", "a b@example.se", "anna@localhost"} {
		if ps := ValidateEmail(bad); len(ps) != 1 || ps[0].Path != "email" {
			t.Errorf("ValidateEmail(%q) = %v, want one problem at email", bad, ps)
		}
	}
}

func TestValidateReminderDays(t *testing.T) {
	if ps := ValidateReminderDays([]int{7, 1, 0}); len(ps) != 0 {
		t.Errorf("7,1,0: %v", ps)
	}
	if ps := ValidateReminderDays(nil); len(ps) != 0 {
		t.Errorf("none: %v", ps)
	}
	for _, bad := range [][]int{{-1}, {91}, {7, 7}, {1, 2, 3, 4, 5, 6}} {
		if ps := ValidateReminderDays(bad); len(ps) == 0 {
			t.Errorf("%v: no problem", bad)
		}
	}
}
