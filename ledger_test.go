package tertial

import "testing"

func TestMapLedgerKommunBas(t *testing.T) {
	totals := map[string]int64{
		"3110": -6000000, "3510": -100, "4510": 2500000, "4610": 14000000, "4010": 700,
		"5010": 30000025, "5610": 9426000, "6010": 8200000, "6110": 1250050, "6210": 10,
		"7010": 800000, "7910": 5, "8010": -999, "1930": 123, "9990": 77,
	}
	rows, unmapped := MapLedger(KommunBasRules(), totals)
	want := map[string]Amount{
		"intakter": 6000100, "personal": -39426025, "lokaler": -9450050, "bidrag": -2500000,
		"kop-av-verksamhet": -14000000, "ovrigt": -(700 + 10 + 800000 + 5),
	}
	for id, a := range want {
		if rows[id] != a {
			t.Errorf("%s = %d, want %d", id, rows[id], a)
		}
	}
	if len(unmapped) != 0 {
		t.Errorf("unmapped %v", unmapped)
	}
	// The table's total equals the ledger's total for the mapped accounts (classes 3–7).
	var table Amount
	var ledger int64
	for _, a := range rows {
		table += a
	}
	for acc, v := range totals {
		if acc[0] >= '3' && acc[0] <= '7' {
			ledger += v
		}
	}
	if table != Amount(-ledger) {
		t.Errorf("table total %d, ledger total %d", table, -ledger)
	}
	// Without the wide rule, class 4–7 accounts outside the narrow ones are unmapped.
	_, unmapped = MapLedger(KommunBasRules()[:5], totals)
	if len(unmapped) != 4 || unmapped["7010"] != 800000 {
		t.Errorf("unmapped %v", unmapped)
	}
}

func TestAccountRange(t *testing.T) {
	r := AccountRange{"60", "61"}
	for acc, want := range map[string]bool{"6000": true, "6199": true, "6200": false, "5999": false, "61": true, "6": false} {
		if r.Contains(acc) != want {
			t.Errorf("%s: %v", acc, !want)
		}
	}
}
