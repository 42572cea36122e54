package pdfreport

import "testing"

// TestRenumberNodeIDs: two renders whose structure element IDs differ only by Chromium's
// node numbering become the same bytes, the same length, with references kept.
func TestRenumberNodeIDs(t *testing.T) {
	a := []byte("/ID (node00005054)>> /Headers [(node00005054)] /ID (node00005060) /ID (node7)")
	b := []byte("/ID (node00005053)>> /Headers [(node00005053)] /ID (node00005061) /ID (node9)")
	la, lb := len(a), len(b)
	renumberNodeIDs(a)
	renumberNodeIDs(b)
	if string(a) != string(b) {
		t.Errorf("renders still differ:\n%s\n%s", a, b)
	}
	if len(a) != la || len(b) != lb {
		t.Error("renumbering changed the length")
	}
	if want := "/ID (node00000001)>> /Headers [(node00000001)] /ID (node00000002) /ID (node3)"; string(a) != want {
		t.Errorf("got %s, want %s", a, want)
	}
}
