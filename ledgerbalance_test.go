package tertial

import (
	"reflect"
	"testing"
)

func TestLedgerYear(t *testing.T) {
	l := &LedgerData{
		Outcome: []LedgerEntry{
			{Unit: "ks", Account: "3010", Month: 202501, Amount: -10000},
			{Unit: "ks", Account: "3010", Month: 202506, Amount: -5000},
			{Unit: "ks", Account: "3010", Month: 202507, Amount: -3000},
			{Unit: "ks", Account: "3010", Dimension: 1, Object: "A", Month: 202501, Amount: -10000},
			{Unit: "bun", Account: "3010", Month: 202501, Amount: -77},
			{Unit: "ks", Account: "5010", Month: 202412, Amount: 4400},
		},
		Movements: []LedgerEntry{
			{Unit: "ks", Account: "1930", Month: 202501, Amount: 10000},
			{Unit: "ks", Account: "1930", Month: 202507, Amount: 3000},
			{Unit: "bun", Account: "1930", Month: 202501, Amount: 5},
		},
		Budget: []LedgerEntry{
			{Unit: "ks", Account: "3010", Month: 202501, Amount: -30000},
			{Unit: "ks", Account: "3010", Month: 202512, Amount: -30000},
		},
		Balances: []LedgerBalance{
			{Unit: "ks", ImportYear: 2024, Year: 2024, Account: "1930", Opening: 50, HasOpening: true, Closing: 90000, HasClosing: true},
			{Unit: "ks", ImportYear: 2025, Year: 2024, Account: "1930", Closing: 100000, HasClosing: true},
			{Unit: "ks", ImportYear: 2025, Year: 2025, Account: "1930", Opening: 100000, HasOpening: true, Closing: 120000, HasClosing: true},
			{Unit: "ks", ImportYear: 2025, Year: 2025, Account: "2081", Opening: -100000, HasOpening: true},
			{Unit: "ks", ImportYear: 2025, Year: 2025, Account: "3010", Result: -18000, HasResult: true},
			{Unit: "ks", ImportYear: 2026, Year: 2025, Account: "1930", Opening: 99900, HasOpening: true, Closing: 1, HasClosing: true},
			{Unit: "ks", ImportYear: 2024, Year: 2023, Account: "3010", Result: -500, HasResult: true},
			{Unit: "ks", ImportYear: 2024, Year: 2023, Account: "1930", Opening: 10, HasOpening: true, Closing: 50, HasClosing: true},
		},
	}
	for _, c := range []struct {
		name          string
		year, through int
		want          []AccountYear
		balances      bool
	}{
		{"whole year: #UB wins", 2025, 0, []AccountYear{
			{Account: "1930", Opening: 100000, Movement: 13000, Closing: 120000},
			{Account: "2081", Opening: -100000, Closing: -100000},
			{Account: "3010", Movement: -18000, Budget: -60000},
		}, true},
		{"through June: opening + movements", 2025, 202506, []AccountYear{
			{Account: "1930", Opening: 100000, Movement: 10000, Closing: 110000},
			{Account: "2081", Opening: -100000, Closing: -100000},
			{Account: "3010", Movement: -15000, Budget: -60000},
		}, true},
		{"the year's own import, not the next year's", 2024, 202412, []AccountYear{
			{Account: "1930", Opening: 50, Closing: 90000, Movement: 89950}, // no movements in 2024: #UB − #IB
			{Account: "5010", Movement: 4400},
		}, true},
		{"a year with balances only: movement from #UB − #IB and #RES", 2023, 0, []AccountYear{
			{Account: "1930", Opening: 10, Movement: 40, Closing: 50},
			{Account: "3010", Movement: -500},
		}, true},
		{"nothing", 2020, 0, []AccountYear{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := l.Year("ks", c.year, c.through)
			if !reflect.DeepEqual(got.Accounts, c.want) || got.HasBalances != c.balances || got.Overflow {
				t.Errorf("got %+v\nwant %+v (balances %v)", got, c.want, c.balances)
			}
			if got.Through != c.year*100+12 && c.through == 0 {
				t.Errorf("through %d", got.Through)
			}
		})
	}
	// Another unit's figures stay apart; the next year's import is used when the year has
	// no import of its own.
	l.Balances = l.Balances[1:2]
	got := l.Year("ks", 2024, 0)
	if a := got.Account("1930"); a.Closing != 100000 || !got.HasBalances {
		t.Errorf("from the next year's file: %+v", got)
	}
	bun := l.Year("bun", 2025, 0)
	if a := bun.Account("1930"); a.Movement != 5 || a.Closing != 5 {
		t.Errorf("bun: %+v", a)
	}
	var nilLedger *LedgerData
	if y := nilLedger.Year("ks", 2025, 0); len(y.Accounts) != 0 || y.Through != 202512 {
		t.Errorf("nil ledger: %+v", y)
	}
}
