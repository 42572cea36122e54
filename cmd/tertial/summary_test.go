package main

import "testing"

// TestFindingsSummary: check's summary says "1 sak", not "1 saker".
func TestFindingsSummary(t *testing.T) {
	for _, c := range []struct {
		n, blocking int
		want        string
	}{
		{1, 0, "1 sak att åtgärda innan rapporten publiceras, varav 0 blockerande"},
		{4, 2, "4 saker att åtgärda innan rapporten publiceras, varav 2 blockerande"},
	} {
		if got := findingsSummary(c.n, c.blocking); got != c.want {
			t.Errorf("findingsSummary(%d, %d) = %q, want %q", c.n, c.blocking, got, c.want)
		}
	}
}
