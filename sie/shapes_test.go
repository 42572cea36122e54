package sie

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// The tests of this file read small synthetic files with the shapes of real exports that
// once were read wrong (issue 11): each file reproduces one fault.

func aggregateFile(t *testing.T, name string, opts Options) (*File, *Ledger, error) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	opts.Name = name
	return Aggregate(bytes.NewReader(data), opts)
}

// cells returns the cells as "account dim object month" → öre.
func cells(c *Cells) map[string]int64 {
	out := map[string]int64{}
	for k, v := range c.All() {
		out[fmt.Sprintf("%s %d %s %d", k.Account, k.Dim, k.Object, k.Month)] = v
	}
	return out
}

func warnings(f *File) string {
	var msgs []string
	for _, w := range f.Warnings {
		msgs = append(msgs, w.String())
	}
	return strings.Join(msgs, "\n")
}

// A BL Administration export: a voucher corrected after the year was closed holds
// removed rows (#BTRANS) dated in the next year. They never count, so their date is no
// fault, and the file is read in strict mode.
func TestRemovedRowsAfterYear(t *testing.T) {
	f, l, err := aggregateFile(t, "bl-btrans-efter-aret.se", Options{Mode: Strict})
	if err != nil {
		t.Fatal(err)
	}
	got := cells(l.Outcome)
	// 6110 holds the corrected 3 500 kr of the added row, not the removed 3 000 kr.
	if len(got) != 2 || got["6110 0  202112"] != 350000 || got["5010 0  202103"] != 1000000 || len(f.Warnings) != 0 {
		t.Errorf("outcome %v, warnings %s", got, warnings(f))
	}
	// A #TRANS dated after the year is still refused.
	bad := strings.Replace(string(mustRead(t, "bl-btrans-efter-aret.se")), "#TRANS 6110 {} 3500.00 20211220", "#TRANS 6110 {} 3500.00 20220112", 1)
	_, _, err = Aggregate(strings.NewReader(bad), Options{Mode: Strict})
	if err == nil || !strings.Contains(err.Error(), "sie:24:24: raden är daterad 2022-01-12") {
		t.Errorf("a #TRANS after the year: %v", err)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A file that repeats this year's months under year -1 (#PBUDGET -1 202101 beside
// #PBUDGET 0 202101), and writes an account's total ({}) beside its rows per object: a
// lenient read counts each month once, from the year it belongs to, and the total row.
func TestBudgetNeverDoubled(t *testing.T) {
	f, l, err := aggregateFile(t, "pbudget-tva-ar.se", Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"5010 0  202001":    90000,  // #PBUDGET -1 202001: last year's, kept for last year
		"5010 0  202101":    100000, // #PBUDGET 0 only, not also -1
		"5010 0  202102":    200000, // the {} total, not the total plus its objects
		"5010 1 100 202102": 120000,
		"5010 1 200 202102": 80000,
		"3010 0  202103":    -50000, // no {} row: the objects' sum
		"3010 1 100 202103": -30000,
		"3010 1 200 202103": -20000,
	}
	if got := cells(l.Budget); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("budget\n%v\nwant\n%v", got, want)
	}
	if got := cells(l.Outcome); got["5010 0  202101"] != 110000 || got["5010 0  202001"] != 95000 || len(got) != 2 {
		t.Errorf("outcome %v", got)
	}
	if f.WarningCount != 3 || !strings.Contains(warnings(f), "rad 17: perioden 202101 ligger utanför räkenskapsår -1 (2020-01-01–2020-12-31); raden hoppas över") {
		t.Errorf("warnings:\n%s", warnings(f))
	}
	if f.BudgetRows != 7 {
		t.Errorf("%d budget rows counted, want the 7 used", f.BudgetRows)
	}
	_, _, err = aggregateFile(t, "pbudget-tva-ar.se", Options{Mode: Strict})
	if err == nil || !strings.Contains(err.Error(), "pbudget-tva-ar.se:17:13: perioden 202101 ligger utanför räkenskapsår -1") || strings.Contains(err.Error(), "hoppas över") {
		t.Errorf("strict: %v", err)
	}
	// A row of a year without #RAR is counted for the year its month belongs to only.
	file := header + "#PBUDGET -2 202103 5010 {} 7.00\n#PBUDGET -2 201903 5010 {} 9.00\n"
	f, l, err = Aggregate(strings.NewReader(file), Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	if got := cells(l.Budget); len(got) != 1 || got["5010 0  201903"] != 900 || !strings.Contains(warnings(f), "rad 8: perioden 202103 hör till räkenskapsår 0 (2021-01-01–2021-12-31), inte till år -2; raden hoppas över") {
		t.Errorf("budget %v, warnings %s", got, warnings(f))
	}
}

// Faults a lenient read steps over: SoftOne's accounts FEL and DIFF (rows skipped and
// named with their amounts), an unknown account type, and an empty #RAR in a 4I file.
// A strict read refuses them as before.
func TestLenientStepsOver(t *testing.T) {
	f, l, err := aggregateFile(t, "softone-fel-diff.se", Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`rad 12: #KONTO hoppas över: kontonumret "FEL" är inte ett nummer`,
		`rad 13: #KONTO hoppas över: kontonumret "DIFF" är inte ett nummer`,
		`rad 14: #KTYP hoppas över: okänd kontotyp "O" (T, S, K eller I)`,
		`rad 16: #OUB hoppas över: kontot "DIFF" är inget kontonummer; 0.37 kr lämnas utanför`,
		`rad 18: #PSALDO hoppas över: kontot "DIFF" är inget kontonummer; 0.37 kr lämnas utanför`,
		`rad 23: #TRANS hoppas över: kontot "FEL" är inget kontonummer; -0.37 kr lämnas utanför`,
		`rad 29: #TRANS hoppas över: kontot "DIFF" är inget kontonummer; 0.37 kr lämnas utanför`,
	}
	// No voucher is reported unbalanced: the skipped rows still balance their vouchers.
	if got := warnings(f); got != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if got := cells(l.Outcome); len(got) != 1 || got["3010 0  202103"] != -150000 || f.Transactions != 4 || f.Accounts["1510"].Type != "" {
		t.Errorf("outcome %v, %d transactions", got, f.Transactions)
	}
	_, _, err = aggregateFile(t, "softone-fel-diff.se", Options{Mode: Strict})
	if err == nil || !strings.Contains(err.Error(), `softone-fel-diff.se:12:8: kontonumret "FEL" är inte ett nummer`) {
		t.Errorf("strict: %v", err)
	}

	f, l, err = aggregateFile(t, "forsystem-tom-rar-4i.si", Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	if got := cells(l.Outcome); got["5010 0  202108"] != 29800000 || len(f.Years) != 0 || f.Variant() != "4I" || warnings(f) != "rad 6: #RAR hoppas över: datum saknas (ÅÅÅÅMMDD)" {
		t.Errorf("outcome %v, years %v, warnings %s", got, f.Years, warnings(f))
	}
	_, _, err = aggregateFile(t, "forsystem-tom-rar-4i.si", Options{Mode: Strict})
	if err == nil || !strings.Contains(err.Error(), "forsystem-tom-rar-4i.si:6:8: datum saknas") {
		t.Errorf("strict: %v", err)
	}

	for _, c := range []struct{ name, file, warning string }{
		{"#RAR without fields", "#SIETYP 4\n#RAR\n", "rad 2: #RAR hoppas över: årsnumret \"\" ska vara 0, -1, -2 ..."},
		{"#GEN with a bad date", "#SIETYP 4\n#GEN 2021-01-05\n", "rad 2: #GEN hoppas över: felaktigt datum \"2021-01-05\" (ska vara ÅÅÅÅMMDD)"},
		{"unknown #SIETYP", "#SIETYP 4E\n#RAR 0 20210101 20211231\n", "rad 1: #SIETYP hoppas över: okänd SIE-typ \"4E\" (1, 2, 3 eller 4)\nrad 2: filen saknar #SIETYP"},
		{"bad registration date", header + "#VER A 1 20210105 \"x\" 2021-01-06\n{\n}\n", "rad 8: registreringsdatumet hoppas över: felaktigt datum \"2021-01-06\" (ska vara ÅÅÅÅMMDD)"},
		{"row without account", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS \"\" {} 5.00\n#TRANS 1930 {} -5.00\n}\n", "rad 10: #TRANS hoppas över: kontonummer saknas; 5.00 kr lämnas utanför"},
		{"#IB on a text account", header + "#IB 0 KASSA 5.00\n", "rad 8: #IB hoppas över: kontot \"KASSA\" är inget kontonummer; 5.00 kr lämnas utanför"},
		{"#OIB on a text account", header + "#OIB 0 KASSA {1 \"2\"} 5.00\n", "rad 8: #OIB hoppas över: kontot \"KASSA\" är inget kontonummer; 5.00 kr lämnas utanför"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(c.file), Options{Mode: Lenient}, Visitor{})
			if err != nil || warnings(f) != c.warning {
				t.Errorf("err %v, warnings:\n%s\nwant\n%s", err, warnings(f), c.warning)
			}
			if _, err := Read(strings.NewReader(c.file), Options{Mode: Strict}, Visitor{}); err == nil {
				t.Error("a strict read accepts it")
			}
		})
	}
}

// A file stored as UTF-8 with a byte-order mark, whose #KSUMMA its writer computed over
// the UTF-8 bytes of the fields: it verifies, and the text reads as UTF-8.
func TestUTF8Checksum(t *testing.T) {
	f, l, err := aggregateFile(t, "utf8-bom-ksumma.se", Options{Mode: Strict})
	if err != nil {
		t.Fatal(err)
	}
	if f.Checksum != ChecksumOK || f.Encoding != "UTF-8" || f.Company != "Östra Göinge kommun" || f.Dimensions[1].Objects["Å20"] != "Äldreomsorg" {
		t.Errorf("checksum %s, encoding %s, company %q, objects %v", f.Checksum, f.Encoding, f.Company, f.Dimensions[1].Objects)
	}
	if got := cells(l.Outcome); got["5010 1 Å20 202103"] != 2500000 || got["5010 0  202103"] != 3000000 {
		t.Errorf("outcome %v", got)
	}
	// The sum covers the decoded text: one letter changed is caught.
	data := mustRead(t, "utf8-bom-ksumma.se")
	for _, change := range [][2]string{{"Månadslön", "Manadslön"}, {"Å20\"} 25000", "Ä20\"} 25000"}} {
		bad := bytes.Replace(data, []byte(change[0]), []byte(change[1]), 1)
		if _, err := Read(bytes.NewReader(bad), Options{}, Visitor{}); err == nil || !strings.Contains(err.Error(), "kontrollsumman") {
			t.Errorf("%s changed: %v", change[0], err)
		}
	}
	// Checksum, as a writer would use it, gives the sum the file carries.
	open := data[:bytes.LastIndex(data, []byte("#KSUMMA "))]
	if crc, err := Checksum(bytes.NewReader(open)); err != nil || fmt.Sprint(crc) != "2055035994" {
		t.Errorf("Checksum = %d, %v", crc, err)
	}
}

// Accounts of class 9 (internal accounts) are left out of outcome and budget, with a
// warning per account, and counted.
func TestClass9LeftOut(t *testing.T) {
	f, l, err := aggregateFile(t, "klass9.se", Options{Mode: Strict})
	if err != nil {
		t.Fatal(err)
	}
	out, budget := cells(l.Outcome), cells(l.Budget)
	if len(out) != 2 || out["5010 0  202102"] != 5000000 || out["8010 0  202102"] != -9000000 || len(budget) != 1 || budget["5010 0  202102"] != 4800000 {
		t.Errorf("outcome %v, budget %v", out, budget)
	}
	if l.Class9Rows != 3 || f.WarningCount != 2 || !strings.Contains(warnings(f), "rad 19: kontot 9100 hör till klass 9") || !strings.Contains(warnings(f), "rad 20: kontot 9999 hör till klass 9") {
		t.Errorf("%d class-9 rows, warnings:\n%s", l.Class9Rows, warnings(f))
	}
}

// Sums that pass 64 bits fail at the line where they do, instead of wrapping around.
func TestSumOverflow(t *testing.T) {
	_, _, err := aggregateFile(t, "belopp-overflow.se", Options{Mode: Lenient})
	var e *Error
	if !errors.As(err, &e) || e.Line != 16 || !strings.Contains(err.Error(), "belopp-overflow.se:16: utfallet för kontot 5010 i 2021-03 summerar till mer än 92233720368547758.07 kr") {
		t.Errorf("three rows of 90 000 000 000 000 000 kr: %v", err)
	}
	for _, c := range []struct{ name, file, want string }{
		{"a voucher's rows", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 92233720368547758.07\n#TRANS 5010 {} 0.01\n", "sie:11:1: verifikationen A 1 på rad 8: raderna summerar till mer än"},
		{"a voucher's skipped row", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 92233720368547758.07\n#TRANS FEL {} 0.01\n", "sie:11:1: verifikationen A 1 på rad 8: raderna summerar till mer än"},
		{"#RES", header + "#RES 0 5010 92233720368547758.07\n#RES 0 5010 0.01\n", "sie:9:13: #RES för år 0 summerar till mer än"},
		{"#PBUDGET", header + "#PBUDGET 0 202101 5010 {} 92233720368547758.07\n#PBUDGET 0 202101 5010 {} 0.01\n", "sie:9: budgeten för kontot 5010 i 2021-01 summerar till mer än"},
		{"#PSALDO on an object", header + "#DIM 1 \"A\"\n#PSALDO 0 202101 5010 {1 \"7\"} -92233720368547758.07\n#PSALDO 0 202101 5010 {1 \"7\"} -0.02\n", "sie:10: utfallet (#PSALDO) för kontot 5010 i 2021-01 summerar till mer än"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Aggregate(strings.NewReader(c.file), Options{Mode: Lenient})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v\nwant %s", err, c.want)
			}
		})
	}
}

// A file with more account × object × month cells than Options.MaxCells is refused at
// the line where the cap was passed, both for #TRANS rows (added in batches, by a second
// goroutine once there are several) and for #PBUDGET rows.
func TestCellCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 \"Bank\"\n")
	for a := 3000; a < 3100; a++ {
		fmt.Fprintf(&b, "#KONTO %d \"\"\n", a)
	}
	line := 103
	lineOf := map[int]int{} // the cells after a row → its line
	cellsSoFar := 0
	for v := 0; v < 4000; v++ {
		acc, month := 3000+v%100, 1+v/100%12
		fmt.Fprintf(&b, "#VER A %d 2021%02d01 \"\"\n{\n#TRANS %d {} 10.00\n#TRANS 1930 {} -10.00\n}\n", v, month, acc)
		if v < 1200 {
			cellsSoFar++ // each of the first 1 200 rows is a new account × month
			lineOf[cellsSoFar] = line + 3
		}
		line += 5
	}
	data := b.String()
	for _, max := range []int{1, 50, 1199} {
		_, _, err := Aggregate(strings.NewReader(data), Options{MaxCells: max})
		want := fmt.Sprintf("sie:%d: filen har fler än %d olika konto × objekt × månad för utfallet", lineOf[max+1], max)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("cap %d: %v\nwant %s", max, err, want)
		}
	}
	if _, l, err := Aggregate(strings.NewReader(data), Options{MaxCells: 1200}); err != nil || l.Outcome.Len() != 1200 {
		t.Errorf("cap 1200: %v", err)
	}
	budget := header + "#PBUDGET 0 202101 5010 {} 1.00\n#PBUDGET 0 202102 5010 {} 1.00\n#PBUDGET 0 202101 5010 {} 1.00\n#PBUDGET 0 202103 5010 {} 1.00\n"
	if _, _, err := Aggregate(strings.NewReader(budget), Options{MaxCells: 2}); err == nil || !strings.Contains(err.Error(), "sie:11: filen har fler än 2 olika konto × objekt × månad för budgeten") {
		t.Errorf("budget: %v", err)
	}
}

// A file stored as UTF-8 whose #KSUMMA its writer computed, as the spec says, over the
// text in PC8 (IBM code page 437), as when a PC8 file is converted to UTF-8 afterwards:
// it verifies too, over the same characters. A file read as CP437 has only its bytes'
// sum.
func TestUTF8ChecksumOverPC8Text(t *testing.T) {
	f, l, err := aggregateFile(t, "utf8-ksumma-pc8.se", Options{Mode: Strict})
	if err != nil {
		t.Fatal(err)
	}
	if f.Checksum != ChecksumOK || f.Encoding != "UTF-8" || f.Company != "Ängelholms kommun" || cells(l.Outcome)["5010 1 Ö20 202103"] != 2500000 {
		t.Errorf("checksum %s, encoding %s, company %q", f.Checksum, f.Encoding, f.Company)
	}
	data := mustRead(t, "utf8-ksumma-pc8.se")
	for _, change := range [][2]string{{"Städning", "Stadning"}, {"Ö20\"} 25000", "Ä20\"} 25000"}, {"1300.00", "1301.00"}} {
		bad := bytes.Replace(data, []byte(change[0]), []byte(change[1]), 1)
		if _, err := Read(bytes.NewReader(bad), Options{Mode: Lenient}, Visitor{}); err == nil || !strings.Contains(err.Error(), "kontrollsumman") {
			t.Errorf("%s changed: %v", change[0], err)
		}
	}
	// The same text in CP437 bytes: its sum is over those bytes, and the file verifies.
	cp437, err := charmapEncode(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if f, err := Read(bytes.NewReader(cp437), Options{}, Visitor{}); err != nil || f.Encoding != "CP437" || f.Checksum != ChecksumOK {
		t.Errorf("as CP437: %v, %s, %s", err, f.Encoding, f.Checksum)
	}
	// A UTF-8 file with the sum over its bytes in CP437 order but the wrong value stays wrong.
	wrong := bytes.Replace(data, []byte("#KSUMMA 500711474"), []byte("#KSUMMA 500711475"), 1)
	if _, err := Read(bytes.NewReader(wrong), Options{}, Visitor{}); err == nil {
		t.Error("a wrong sum verifies")
	}
}

func charmapEncode(s string) ([]byte, error) {
	return charmap.CodePage437.NewEncoder().Bytes([]byte(s))
}

// crcShift must give what feeding zero bytes to both registers gives.
func TestCRCShift(t *testing.T) {
	for _, n := range []int64{0, 1, 2, 3, 7, 8, 100, 1000, 4097} {
		for _, d := range []uint32{0, 1, 0x80000000, 0xDEADBEEF} {
			zeros := make([]byte, n)
			// Two registers a and b = a^d fed the same bytes differ by crcShift(d, n).
			a := uint32(0x12345678)
			want := crc32.Update(a, crc32.IEEETable, zeros) ^ crc32.Update(a^d, crc32.IEEETable, zeros)
			if got := crcShift(d, n); got != want {
				t.Errorf("crcShift(%#x, %d) = %#x, want %#x", d, n, got, want)
			}
		}
	}
}
