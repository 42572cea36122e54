package dataset_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// koncernSource is the valid dataset with a company owned to 60 % and its eliminations.
func koncernSource() string {
	src := strings.Replace(valid, "  - {id: bn, name: Byggnämnden, kind: board}\n",
		"  - {id: bn, name: Byggnämnden, kind: board}\n  - {id: bostader, name: Provbybostäder AB, kind: company, share: 60, org_number: 556999-0001}\n", 1)
	return src + `economy:
  eliminations:
    - year: 2024
      company: bostader
      text: Internhyra för skolor
      debit: {row: verksamhetens-intakter, amount: 1800000}
      credit: {row: verksamhetens-kostnader, amount: 1800000}
    - year: 2024
      company: bostader
      text: Kommunens aktier mot bolagets aktiekapital
      debit: {row: ovrigt-eget-kapital, amount: 600000.50}
      credit: {row: finansiella-anlaggningstillgangar, amount: 600000.50}
`
}

// TestKoncernRoundTrip: the company's share and the eliminations read as written, export
// in a form the schema accepts, and export → import → export gives the same bytes.
func TestKoncernRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(koncernSource()), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	u := ds.Unit("bostader")
	if u == nil || u.Kind != tertial.UnitCompany || u.Share == nil || u.Share.String() != "60" || u.OrgNumber != "556999-0001" {
		t.Fatalf("company %+v", u)
	}
	es := ds.Economy.Eliminations
	if len(es) != 2 || es[1].Debit.Row != "ovrigt-eget-kapital" || es[1].Debit.Amount != 60_000_050 || es[1].Credit.Amount != 60_000_050 ||
		es[0].Company != "bostader" || es[0].Counterpart != "" || es[0].Text != "Internhyra för skolor" || es[0].Year != 2024 {
		t.Errorf("eliminations %+v", es)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"    share: 60\n", "    org_number: 556999-0001\n", "        amount: 600000.50\n", "        row: finansiella-anlaggningstillgangar\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q", want)
		}
	}
	if err := validateYAML(t, compileSchema(t), out); err != nil {
		t.Errorf("schema rejects the export: %v", err)
	}
	again, err := dataset.Decode(out, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", out, out2)
	}
}

// TestKoncernBadInput: each mistake is named with its line, field and what is wrong.
func TestKoncernBadInput(t *testing.T) {
	src := koncernSource()
	for _, c := range []struct{ name, old, new, want, path, at string }{
		{"share above 100", "share: 60,", "share: 160,", "ägarandelen 160 % ska vara större än 0 och högst 100", "units[1].share", "share: 160"},
		{"share missing", "share: 60, ", "", "bolagets ägarandel saknas", "units[1].share", "  - {id: bostader"},
		{"share on a board", "kind: board}", "kind: board, share: 50}", "bara ett bolag", "units[0].share", "share: 50"},
		{"org number badly written", "556999-0001", "5569990001", "organisationsnumret", "units[1].org_number", "org_number: 5569990001"},
		{"company not a company", "      company: bostader\n      text: Internhyra", "      company: bn\n      text: Internhyra",
			`enheten "bn" är inte ett bolag`, "economy.eliminations[0].company", "company: bn"},
		{"row a sum", "debit: {row: verksamhetens-intakter", "debit: {row: verksamhetens-nettokostnader",
			`raden "verksamhetens-nettokostnader" är inte en rad med konton`, "economy.eliminations[0].debit.row", "row: verksamhetens-nettokostnader"},
		{"unknown row", "credit: {row: verksamhetens-kostnader", "credit: {row: hyror",
			`det finns ingen rad "hyror"`, "economy.eliminations[0].credit.row", "row: hyror"},
		{"amount zero", "amount: 1800000}\n      credit", "amount: 0}\n      credit", "ska vara större än noll", "economy.eliminations[0].debit.amount", "amount: 0}"},
		{"credit missing", "      credit: {row: verksamhetens-kostnader, amount: 1800000}\n", "", `fältet "credit" saknas`, "economy.eliminations[0]", "    - year: 2024\n      company: bostader\n      text: Internhyra"},
		{"counterpart unknown", "      text: Internhyra för skolor\n", "      text: Internhyra för skolor\n      counterpart: okand\n",
			`det finns ingen enhet "okand"`, "economy.eliminations[0].counterpart", "counterpart: okand"},
	} {
		bad := strings.Replace(src, c.old, c.new, 1)
		if bad == src {
			t.Fatalf("%s: %q is not in the source", c.name, c.old)
		}
		_, err := dataset.Decode([]byte(bad), "provby.yaml")
		var es dataset.Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%s: got %v, want one error", c.name, err)
			continue
		}
		if !strings.Contains(es[0].Message, c.want) || !strings.HasPrefix(es[0].Path, c.path) {
			t.Errorf("%s: got %v, want %q at %s", c.name, es[0], c.want, c.path)
		}
		if want := 1 + strings.Count(bad[:strings.Index(bad, c.at)], "\n"); es[0].Line != want {
			t.Errorf("%s: line %d, want %d", c.name, es[0].Line, want)
		}
	}
}
