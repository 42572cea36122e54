package demo_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// balanceFindings returns what `tertial check` says of kommunfullmäktige's årsredovisning
// 2025 about the statements (report.FindStatement) and the ledger's balances
// (report.FindLedgerBalance, the carry-over checks), each finding's words with plain
// spaces and minus signs.
func balanceFindings(t *testing.T, ds *tertial.Dataset) map[report.FindingKind][]string {
	t.Helper()
	fs, err := report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	out := map[report.FindingKind][]string{}
	for _, f := range fs {
		switch f.Kind {
		case report.FindStatement, report.FindLedgerBalance, report.FindStatementInterim, report.FindLedgerBalanceInterim:
			if !f.Blocking() {
				t.Errorf("not blocking in the annual report: %s", f.Words())
			}
			w := strings.NewReplacer("\u00a0", " ", "\u2212", "-").Replace(f.Words())
			out[f.Kind] = append(out[f.Kind], w)
		}
	}
	return out
}

// TestEkbyChecksBroken breaks each cross-check of the statements and each carry-over
// check of the ledger's balances on purpose in the Ekby demo's books (by editing the
// generated 2025 SIE file before it is imported) and sees `tertial check` (report.Check)
// of kommunfullmäktige's årsredovisning 2025 name it with the amount, blocking; the
// demo's books as generated give no such finding. The amount is 1 234 567,89 kr, which
// nothing else in the books is.
func TestEkbyChecksBroken(t *testing.T) {
	const x = int64(1_234_567_89)
	const kr = "1 234 567,89 kr"
	if got := balanceFindings(t, ekbyLoad(t, ekbyFiles(t))); len(got) > 0 {
		t.Fatalf("the demo's books as generated: %v", got)
	}
	cases := []struct {
		name string
		edit func(t *testing.T, text string) string
		kind report.FindingKind
		// want are regular expressions one finding of the kind must all match.
		want []string
	}{{
		// The bank's closing balance raised, nothing else: the assets exceed the claims.
		name: "balance sheet does not balance",
		edit: func(t *testing.T, s string) string { return shiftBalance(t, s, "#UB", "1930", x) },
		kind: report.FindStatement,
		want: []string{`Balansräkningen 2025 balanserar inte`, `skillnad ` + kr},
	}, {
		// The same in the ledger's own check: the file's #UB and #RES do not sum to zero.
		name: "file's balances do not balance",
		edit: func(t *testing.T, s string) string { return shiftBalance(t, s, "#UB", "1930", x) },
		kind: report.FindLedgerBalance,
		want: []string{`Balansräkningen 2025 i demo/ekby-kf-2025\.se .*balanserar inte`, kr},
	}, {
		// Opening balances moved from receivables (1510) to the bank: each year's
		// balance sheet still balances, but the cash flow (computed from the year's
		// changes) no longer explains the change between them.
		name: "cash flow differs from the change in liquid funds",
		edit: func(t *testing.T, s string) string {
			return shiftBalance(t, shiftBalance(t, s, "#IB", "1930", x), "#IB", "1510", -x)
		},
		kind: report.FindStatement,
		want: []string{`Kassaflödesanalysens årets kassaflöde .* stämmer inte med balansräkningens förändring av likvida medel`, `skillnad -` + kr},
	}, {
		// Opening balances moved from equity (2010) to loans (2310): the balance sheets
		// and the cash flow agree, but equity changed by more than the result and the
		// entries against it.
		name: "result differs from the change in equity",
		edit: func(t *testing.T, s string) string {
			return shiftBalance(t, shiftBalance(t, s, "#IB", "2010", x), "#IB", "2310", -x)
		},
		kind: report.FindStatement,
		want: []string{`Årets resultat .* stämmer inte med förändringen av eget kapital`, `poster direkt mot eget kapital ` + kr + ` \(konto 2010 `, `skillnad -` + kr},
	}, {
		// A cost booked on group 86, which the default layout does not map.
		name: "an account no row takes",
		edit: func(t *testing.T, s string) string {
			s = strings.Replace(s, "#KONTO 8510 ", "#KONTO 8610 \"Testkonto\"\n#KTYP 8610 K\n#KONTO 8510 ", 1)
			s = strings.Replace(s, "#RES 0 8510 ", "#RES 0 8610 0.00\n#RES 0 8510 ", 1)
			return addVoucher(t, s, "20251215", sieRow{"8610", `{1 "9000"}`, x}, sieRow{"1930", "{}", -x})
		},
		kind: report.FindStatement,
		want: []string{`Konto 8610 har belopp 2025 \(årets belopp ` + kr + `\)`, `ingen rad`},
	}, {
		// This year's opening balance of the bank is not last year's closing balance.
		name: "#UB of 2024 is not #IB of 2025",
		edit: func(t *testing.T, s string) string { return shiftBalance(t, s, "#IB", "1930", x) },
		kind: report.FindLedgerBalance,
		want: []string{`Konto 1930 har ingående balans 2025 \(#IB\) .* men utgående balans 2024 \(#UB\)`, `förs inte över från föregående år \(skillnad -?` + kr + `\)`},
	}, {
		// The same for the equity accounts, which are compared together.
		name: "equity's #UB of 2024 is not its #IB of 2025",
		edit: func(t *testing.T, s string) string {
			return shiftBalance(t, shiftBalance(t, s, "#IB", "2010", x), "#IB", "1930", -x)
		},
		kind: report.FindLedgerBalance,
		want: []string{`Eget kapital \(kontona i klass 20\) har ingående balans 2025`, kr},
	}, {
		// An account's closing balance that is not its opening balance plus the year's
		// vouchers.
		name: "#UB is not #IB plus the movements",
		edit: func(t *testing.T, s string) string {
			return shiftBalance(t, shiftBalance(t, s, "#UB", "2440", x), "#UB", "1930", x)
		},
		kind: report.FindLedgerBalance,
		want: []string{`Konto 2440 har utgående balans 2025 \(#UB\)`, `skillnad ` + kr},
	}, {
		// A file without opening and closing balances: no balansräkning.
		name: "no balances",
		edit: func(t *testing.T, s string) string {
			return regexp.MustCompile(`(?m)^#(IB|UB) .*\n`).ReplaceAllString(s, "")
		},
		kind: report.FindStatement,
		want: []string{`Bokföringen för 2025 saknar ingående och utgående balanser`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := ekbyFiles(t)
			files[2025] = c.edit(t, files[2025])
			got := balanceFindings(t, ekbyLoad(t, files))
			for _, w := range got[c.kind] {
				ok := true
				for _, re := range c.want {
					if !regexp.MustCompile(re).MatchString(w) {
						ok = false
					}
				}
				if ok {
					return
				}
			}
			t.Errorf("no %s finding matching %q; the findings:\n%s", c.kind, c.want, strings.Join(append(got[report.FindStatement], got[report.FindLedgerBalance]...), "\n"))
		})
	}
}

// TestEkbyNoteBroken: every note of the default layout ends with a row that takes the
// rest of its statement row's accounts (or lists each account), so no book can make a
// note miss its row; only an edited layout can. The note check is broken here on the
// Ekby demo's books by a layout without note 2's last row, and names the amount that
// row held; the default layout gives no finding.
func TestEkbyNoteBroken(t *testing.T) {
	ds := ekbyLoad(t, ekbyFiles(t))
	this, prior := ds.Ledger.Year("kf", 2025, 0), ds.Ledger.Year("kf", 2024, 0)
	build := func(l *tertial.StatementLayout) []tertial.StatementFinding {
		st, err := tertial.BuildStatements(l, &this, &prior, tertial.StatementOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return st.Check()
	}
	if fs := build(tertial.DefaultStatementLayout()); len(fs) > 0 {
		t.Fatalf("the default layout: %v", fs)
	}
	l := tertial.DefaultStatementLayout()
	var left tertial.NoteRow
	for i, r := range l.Rows {
		if r.ID == "verksamhetens-kostnader" {
			left = r.NoteRows[len(r.NoteRows)-1]
			l.Rows[i].NoteRows = r.NoteRows[:len(r.NoteRows)-1]
		}
	}
	if left.Label != "Övriga verksamhetskostnader" {
		t.Fatalf("note 2's last row is %q", left.Label)
	}
	// What the row held in 2025 and 2024, summed from the SIE files by account prefix:
	// classes 4–7 but 45, 46, 5, 60–61 and 78–79, presented as a cost (negative).
	var found int
	for _, y := range []int{2025, 2024} {
		s := readSIESums(t, ekbyFiles(t)[y])
		rest := -(sumPrefix(s.trans, "4", "6", "7") - sumPrefix(s.trans, "45", "46", "60", "61", "78", "79"))
		for _, f := range build(l) {
			msg := strings.NewReplacer("\u00a0", " ", "\u2212", "-").Replace(f.Message)
			if f.Kind == tertial.FindingNote && f.Year == y && f.Row == "verksamhetens-kostnader" && f.Difference == tertial.Amount(-rest) {
				found++
				if !strings.Contains(msg, "Not 2") {
					t.Errorf("%d: %s", y, msg)
				}
			}
		}
	}
	if found != 2 {
		t.Errorf("%d note findings with the left-out row's amount, want one for 2025 and one for 2024: %v", found, build(l))
	}
}
