package duckdbbench

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/tertial/tertial/sie"
)

// sieCells is what Tertial's import aggregates: sie.Aggregate's outcome cells.
func sieCells(t testing.TB, data []byte) []Cell {
	t.Helper()
	_, l, err := sie.Aggregate(bytes.NewReader(data), sie.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []Cell
	for k, v := range l.Outcome.All() {
		out = append(out, Cell{k, v})
	}
	return out
}

// diffCells fails the test with the first differences between two cell lists, compared
// after sorting.
func diffCells(t *testing.T, what string, want, got []Cell) {
	t.Helper()
	want, got = slices.Clone(want), slices.Clone(got)
	slices.SortFunc(want, CompareCells)
	slices.SortFunc(got, CompareCells)
	var diffs []string
	i, j := 0, 0
	for (i < len(want) || j < len(got)) && len(diffs) < 10 {
		switch {
		case j == len(got) || i < len(want) && CompareCells(want[i], got[j]) < 0:
			diffs = append(diffs, fmt.Sprintf("missing %+v", want[i]))
			i++
		case i == len(want) || CompareCells(want[i], got[j]) > 0:
			diffs = append(diffs, fmt.Sprintf("extra %+v", got[j]))
			j++
		default:
			if want[i].Amount != got[j].Amount {
				diffs = append(diffs, fmt.Sprintf("%+v: want %d öre, got %d", want[i].Key, want[i].Amount, got[j].Amount))
			}
			i++
			j++
		}
	}
	if len(diffs) > 0 || len(want) != len(got) {
		t.Errorf("%s: %d cells, want %d; first differences: %q", what, len(got), len(want), diffs)
	}
}

// A file small enough to write by hand and sum by hand. Dimension 20 is seen before
// dimension 1, and dimension 6 first in the last voucher, so the columns are built out of
// order and filled in afterwards.
const handmade = `#FLAGGA 0
#SIETYP 4
#RAR 0 20210101 20211231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#DIM 20 "Verksamhet"
#OBJEKT 1 "A" "Enhet A"
#OBJEKT 1 "B" "Enhet B"
#OBJEKT 6 "P" "Projekt P"
#OBJEKT 20 "V" "Verksamhet V"
#KONTO 1930 "Bank"
#KONTO 3010 "Intakt"
#KONTO 4510 "Bidrag"
#KONTO 5010 "Lon"
#KONTO 6010 "Lokal"
#KONTO 8310 "Ranta"
#VER "A" "1" 20210115 "x"
{
#TRANS 5010 {20 "V" 1 "A"} 400.25
#TRANS 3010 {1 "A"} -1000.50
#TRANS 1930 {} 600.25
}
#VER "A" "2" 20210820 "y"
{
#TRANS 5010 {1 "B" 20 "V"} 100.00
#TRANS 4510 {} 50.00
#TRANS 8310 {1 "B"} -20.00
#TRANS 1930 {} -130.00
}
#VER "A" "3" 20210901 "z"
{
#TRANS 6010 {1 "A" 6 "P"} 75.00
#TRANS 1930 {} -75.00
}
`

func TestHandmade(t *testing.T) {
	data := []byte(handmade)
	r, _, err := ReadRows(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 9 || !slices.Equal(r.Dims, []int{1, 6, 20}) {
		t.Fatalf("%d rows, dimensions %v; want 9 rows, dimensions [1 6 20]", r.Len(), r.Dims)
	}
	// Summed by hand from the file above (1930 is a balance account and left out).
	want := []Cell{
		{sie.Key{Account: "3010", Month: 202101}, -100050},
		{sie.Key{Account: "3010", Dim: 1, Object: "A", Month: 202101}, -100050},
		{sie.Key{Account: "4510", Month: 202108}, 5000},
		{sie.Key{Account: "5010", Month: 202101}, 40025},
		{sie.Key{Account: "5010", Month: 202108}, 10000},
		{sie.Key{Account: "5010", Dim: 1, Object: "A", Month: 202101}, 40025},
		{sie.Key{Account: "5010", Dim: 1, Object: "B", Month: 202108}, 10000},
		{sie.Key{Account: "5010", Dim: 20, Object: "V", Month: 202101}, 40025},
		{sie.Key{Account: "5010", Dim: 20, Object: "V", Month: 202108}, 10000},
		{sie.Key{Account: "6010", Month: 202109}, 7500},
		{sie.Key{Account: "6010", Dim: 1, Object: "A", Month: 202109}, 7500},
		{sie.Key{Account: "6010", Dim: 6, Object: "P", Month: 202109}, 7500},
		{sie.Key{Account: "8310", Month: 202108}, -2000},
		{sie.Key{Account: "8310", Dim: 1, Object: "B", Month: 202108}, -2000},
	}
	diffCells(t, "sie.Aggregate", want, sieCells(t, data))
	b, err := AggregateBlocks(r)
	if err != nil {
		t.Fatal(err)
	}
	diffCells(t, "AggregateBlocks", want, b.Cells(r))
	diffCells(t, "AggregateMap", want, MapCells(r, AggregateMap(r)))
	db := openLoaded(t, r)
	for _, form := range []string{UnionAll, GroupingSets} {
		got, err := db.Aggregate(form)
		if err != nil {
			t.Fatal(err)
		}
		diffCells(t, "DuckDB "+form, want, got)
	}

	// January–August, by hand: income 1 000,50 kr, personnel 400,25 + 100 kr, grants 50 kr;
	// the premises (September) and class 8 are not in it.
	wantAll := map[string]int64{"intakter": 100050, "personal": -50025, "bidrag": -5000}
	// Unit A: its income and its January salary.
	wantA := map[string]int64{"intakter": 100050, "personal": -40025}
	checkStatements(t, r, db, sieCells(t, data), "A", 202101, 202108, wantAll, wantA)
}

// checkStatements compares the statement for all rows and for one unit (an object of
// dimension 1) between DuckDB, the Go pass over the raw rows and Tertial's path over the
// aggregated cells, and, when given, with expected rows.
func checkStatements(t *testing.T, r *Rows, db *DB, cells []Cell, unit string, from, to int, wantAll, wantUnit map[string]int64) {
	t.Helper()
	const u = "ks"
	all, unmappedAll := TertialStatement(LedgerEntries(cells, u), u, from, to, 0, "")
	if len(unmappedAll) != 0 {
		t.Errorf("Kommun-Bas leaves accounts unmapped: %v", unmappedAll)
	}
	one, unmappedOne := TertialStatement(LedgerEntries(cells, u, 1), u, from, to, 1, unit)
	for _, c := range []struct {
		name    string
		object  string
		tertial map[string]int64
		want    map[string]int64
	}{
		{"all", "", amounts(all), wantAll},
		{"unit " + unit, unit, amounts(one), wantUnit},
	} {
		for _, form := range []string{CasePerRow, PerAccount} {
			duck, err := db.Statement(form, from, to, 1, c.object)
			if err != nil {
				t.Fatal(err)
			}
			if len(duck) == 0 {
				t.Errorf("%s: DuckDB's statement (%s) is empty", c.name, form)
			}
			sameRows(t, c.name+": DuckDB "+form+" against Tertial", c.tertial, duck)
			if c.want != nil {
				sameRows(t, c.name+": by hand against DuckDB "+form, c.want, duck)
			}
		}
		sameRows(t, c.name+": Go over the raw rows against Tertial", c.tertial, RawStatement(r, from, to, 1, c.object))
	}
	// What the unit's rules did not take is the rest of the other units: the unit's rows
	// and the unmapped rest add up to the whole statement (ledger sign there, result sign
	// in the rows).
	var total, parts int64
	for _, v := range amounts(all) {
		total += v
	}
	for _, v := range amounts(one) {
		parts += v
	}
	for _, v := range unmappedOne {
		parts -= v
	}
	if total != parts {
		t.Errorf("unit %s's rows and unmapped rest add up to %d öre, the whole statement to %d", unit, parts, total)
	}
}

func amounts[V ~int64](m map[string]V) map[string]int64 {
	out := map[string]int64{}
	for k, v := range m {
		out[k] = int64(v)
	}
	return out
}

// sameRows compares two statements, a missing row counting as 0.
func sameRows(t *testing.T, what string, want, got map[string]int64) {
	t.Helper()
	for _, k := range []string{"intakter", "personal", "lokaler", "bidrag", "kop-av-verksamhet", "ovrigt"} {
		if want[k] != got[k] {
			t.Errorf("%s: %s %d öre, want %d", what, k, got[k], want[k])
		}
	}
	for k := range got {
		if !slices.Contains([]string{"intakter", "personal", "lokaler", "bidrag", "kop-av-verksamhet", "ovrigt"}, k) {
			t.Errorf("%s: unknown row %q", what, k)
		}
	}
}

func openLoaded(t *testing.T, r *Rows) *DB {
	t.Helper()
	db, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Load(r); err != nil {
		t.Fatal(err)
	}
	return db
}

// generated is a generated file of about 33 000 rows, read once.
var generated = sync.OnceValues(func() (struct {
	data  []byte
	n     int
	rows  *Rows
	file  *sie.File
	cells []Cell
}, error) {
	var g struct {
		data  []byte
		n     int
		rows  *Rows
		file  *sie.File
		cells []Cell
	}
	var buf bytes.Buffer
	n, err := sie.Generate(&buf, sie.GenerateOptions{Vouchers: 3000, Seed: 7, Year: 2023})
	if err != nil {
		return g, err
	}
	g.data, g.n = buf.Bytes(), n
	g.rows, g.file, err = ReadRows(g.data)
	return g, err
})

func TestGeneratedRows(t *testing.T) {
	g, err := generated()
	if err != nil {
		t.Fatal(err)
	}
	r := g.rows
	if r.Len() != g.n || r.Len() != g.file.Transactions {
		t.Fatalf("%d rows read, the generator wrote %d and the reader counted %d", r.Len(), g.n, g.file.Transactions)
	}
	if !slices.Equal(r.Dims, []int{1, 6, 20}) {
		t.Errorf("dimensions %v, want the generator's 1, 6 and 20", r.Dims)
	}
	// Every voucher balances, so all rows do.
	var sum int64
	for _, a := range r.Amount {
		sum += a
	}
	if sum != 0 {
		t.Errorf("the rows sum to %d öre, want 0", sum)
	}
	for i, m := range r.Month {
		if m < 202301 || m > 202312 {
			t.Fatalf("row %d: month %d outside 2023", i, m)
		}
	}
}

func TestGeneratedAggregation(t *testing.T) {
	g, err := generated()
	if err != nil {
		t.Fatal(err)
	}
	want := sieCells(t, g.data)
	if len(want) < 10000 {
		t.Fatalf("sie.Aggregate gives only %d cells", len(want))
	}
	b, err := AggregateBlocks(g.rows)
	if err != nil {
		t.Fatal(err)
	}
	diffCells(t, "AggregateBlocks", want, b.Cells(g.rows))
	diffCells(t, "AggregateMap", want, MapCells(g.rows, AggregateMap(g.rows)))

	db := openLoaded(t, g.rows)
	var wantTotal int64
	for _, c := range want {
		wantTotal += c.Amount
	}
	for _, threads := range []int{1, 2} {
		if err := db.SetThreads(threads); err != nil {
			t.Fatal(err)
		}
		for _, form := range []string{UnionAll, GroupingSets} {
			got, err := db.Aggregate(form)
			if err != nil {
				t.Fatal(err)
			}
			diffCells(t, fmt.Sprintf("DuckDB %s, %d threads", form, threads), want, got)
			n, total, err := db.AggregateCount(form)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) || total != wantTotal {
				t.Errorf("DuckDB %s counted: %d cells summing to %d öre, want %d and %d", form, n, total, len(want), wantTotal)
			}
		}
	}
}

func TestGeneratedStatement(t *testing.T) {
	g, err := generated()
	if err != nil {
		t.Fatal(err)
	}
	db := openLoaded(t, g.rows)
	cells := sieCells(t, g.data)
	checkStatements(t, g.rows, db, cells, "1010", 202301, 202308, nil, nil)

	// The generator books income negative (credit) and costs positive; in result sign
	// income is positive and every cost row negative, and all six rows have amounts.
	duck, err := db.Statement(CasePerRow, 202301, 202308, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"personal", "lokaler", "bidrag", "kop-av-verksamhet", "ovrigt"} {
		if duck[row] >= 0 {
			t.Errorf("%s = %d öre, want a cost (negative)", row, duck[row])
		}
	}
	if duck["intakter"] <= 0 {
		t.Errorf("intakter = %d öre, want income (positive)", duck["intakter"])
	}
	// Fewer months, less money: January–August is not the whole year.
	year, err := db.Statement(PerAccount, 202301, 202312, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if year["personal"] >= duck["personal"] {
		t.Errorf("personnel for the year %d öre, not more cost than January–August's %d", year["personal"], duck["personal"])
	}
}
