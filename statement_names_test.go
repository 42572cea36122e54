package tertial_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/tertial/tertial"
)

// TestLedgerYearNames: a unit's year carries the ledger's names of its own accounts, not
// another unit's names nor those of accounts without figures in the year.
func TestLedgerYearNames(t *testing.T) {
	l := &tertial.LedgerData{
		Outcome: []tertial.LedgerEntry{
			{Unit: "kf", Account: "7820", Month: 202503, Amount: 100},
			{Unit: "kf", Account: "7830", Month: 202503, Amount: 200},
			{Unit: "bolag", Account: "7820", Month: 202503, Amount: 300},
		},
		AccountNames: []tertial.LedgerAccountName{
			{Unit: "bolag", Account: "7820", Name: "Bolagets avskrivningar"},
			{Unit: "kf", Account: "3110", Name: "Försäljning"},
			{Unit: "kf", Account: "7820", Name: "Avskrivningar maskiner och inventarier"},
		},
	}
	y := l.Year("kf", 2025, 0)
	want := map[string]string{"7820": "Avskrivningar maskiner och inventarier"}
	if !maps.Equal(y.Names, want) {
		t.Errorf("names %v, want %v", y.Names, want)
	}
	if got := y.AccountLabel("7820"); got != "7820 Avskrivningar maskiner och inventarier" {
		t.Errorf("label of 7820: %q", got)
	}
	if got := y.AccountLabel("7830"); got != "Konto 7830" {
		t.Errorf("label of 7830 without a name: %q", got)
	}
}

// TestStatementNoteAccountNames: a note without rows of its own names each account by
// its number and the ledger's name when the ledger has one (this year's, else last
// year's), by "Konto" and the number when not, in account order whatever the names; the
// rows' accounts and amounts are those of the notes without names.
func TestStatementNoteAccountNames(t *testing.T) {
	prior, this := fixture()
	plain := build(t, tertial.DefaultStatementLayout(), this, prior, tertial.StatementOptions{})
	named := func(y *tertial.LedgerYear, names map[string]string) *tertial.LedgerYear {
		c := *y
		c.Names = names
		return &c
	}
	s := build(t, tertial.DefaultStatementLayout(), named(this, map[string]string{"1119": "Ackumulerade avskrivningar"}),
		named(prior, map[string]string{"1110": "Markområden", "1119": "Gammalt namn"}), tertial.StatementOptions{})
	var got, was *tertial.StatementNote
	for i := range s.Notes {
		if s.Notes[i].Row == "mark-byggnader" {
			got, was = &s.Notes[i], &plain.Notes[i]
		}
	}
	if got == nil || was.Row != "mark-byggnader" {
		t.Fatal("no note on mark-byggnader")
	}
	var labels []string
	for _, r := range got.Rows {
		labels = append(labels, r.Label)
	}
	if want := []string{"1110 Markområden", "1119 Ackumulerade avskrivningar"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	if len(got.Rows) != len(was.Rows) {
		t.Fatalf("rows %+v, without names %+v", got.Rows, was.Rows)
	}
	for i, r := range got.Rows {
		if !slices.Equal(r.Accounts, was.Rows[i].Accounts) || r.Amount != was.Rows[i].Amount || r.Prior != was.Rows[i].Prior {
			t.Errorf("row %d: %+v, without names %+v", i, r, was.Rows[i])
		}
	}

	// Only 1119 named: sorted by label it would come before "Konto 1110".
	s = build(t, tertial.DefaultStatementLayout(), named(this, map[string]string{"1119": "Ackumulerade avskrivningar"}), prior, tertial.StatementOptions{})
	found := false
	for _, n := range s.Notes {
		if n.Row == "mark-byggnader" {
			found = true
			if len(n.Rows) != 2 || n.Rows[0].Label != "Konto 1110" || n.Rows[1].Label != "1119 Ackumulerade avskrivningar" {
				t.Errorf("rows with one name: %+v", n.Rows)
			}
		}
	}
	if !found {
		t.Fatal("no note on mark-byggnader")
	}
}
