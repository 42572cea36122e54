package tertial

import "testing"

// TestStatementMappingFor: the default layout needs no mapping; a layout with one row's
// accounts changed needs exactly that row's, and applying it to the default gives the
// edited layout back.
func TestStatementMappingFor(t *testing.T) {
	if m := MappingFor(DefaultStatementLayout()); len(m) != 0 {
		t.Fatalf("the default's mapping: %+v", m)
	}
	edited := DefaultStatementLayout()
	for i := range edited.Rows {
		if edited.Rows[i].ID == "kortfristiga-skulder" {
			edited.Rows[i].Terms = []StatementTerm{{Measure: MeasureClosing, Accounts: ranges("24-29"), Except: ranges("2999")}}
		}
	}
	m := MappingFor(edited)
	if len(m) != 1 || m[0].Row != "kortfristiga-skulder" || m[0].Note != 15 || len(m[0].NoteRows) != 2 {
		t.Fatalf("mapping %+v", m)
	}
	back := ApplyStatementMapping(DefaultStatementLayout(), m)
	if r, _ := back.Row("kortfristiga-skulder"); r.Terms[0].Takes("2999") || !r.Terms[0].Takes("2440") {
		t.Errorf("applied %+v", r.Terms)
	}
	s := StatementSetup{Mapping: m}
	if ps := s.Validate(); len(ps) != 0 {
		t.Errorf("a valid mapping: %v", ps)
	}
	// 2999 is now in no row: the statements report it as unmapped.
	ly := &LedgerYear{Year: 2025, HasBalances: true, Accounts: []AccountYear{{Account: "2999", Closing: -500}}}
	st, err := BuildStatements(back, ly, nil, StatementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Unmapped) != 1 || st.Unmapped[0].Account != "2999" {
		t.Errorf("unmapped %+v", st.Unmapped)
	}
}
