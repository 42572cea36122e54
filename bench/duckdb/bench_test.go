package duckdbbench

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sie"
)

// benchRows is how many #TRANS rows the benchmarks generate: TERTIAL_BENCH_ROWS, by
// default one million.
func benchRows() int {
	if s := os.Getenv("TERTIAL_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
		if err != nil || n < 1 {
			panic("TERTIAL_BENCH_ROWS: want a number of rows, got " + s)
		}
		return n
	}
	return 1_000_000
}

// The statement's months and unit: January–August of the generator's year (2021) and
// the first responsibility unit it writes.
const (
	stmtFrom, stmtTo = 202101, 202108
	stmtDim          = 1
	stmtUnit         = "1010"
	ledgerUnit       = "ks"
)

// bench is the data every benchmark shares, made once per test binary, outside the
// timings: the file, its rows as columns, the aggregated cells and the ledger entries
// Tertial would load for the statement, and the rows loaded into DuckDB.
type bench struct {
	data       []byte
	rows       *Rows
	cells      []Cell
	entriesAll []tertial.LedgerEntry // dimension 0: what Tertial loads for KommunBasRules
	entriesOne []tertial.LedgerEntry // dimensions 0 and 1: for UnitRules
	db         *DB
}

var benchData = sync.OnceValues(func() (*bench, error) {
	n := benchRows()
	start := time.Now()
	data, err := Generate(n, 1)
	if err != nil {
		return nil, err
	}
	gen := time.Since(start)
	start = time.Now()
	r, _, err := ReadRows(data)
	if err != nil {
		return nil, err
	}
	read := time.Since(start)
	b, err := AggregateBlocks(r)
	if err != nil {
		return nil, err
	}
	cells := b.Cells(r)
	db, err := Open()
	if err != nil {
		return nil, err
	}
	start = time.Now()
	if err := db.Load(r); err != nil {
		return nil, err
	}
	load := time.Since(start)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintf(os.Stderr, "data: %d rows, %.0f MB of SIE (generated in %.1f s, read into columns in %.1f s), %d cells; DuckDB load %.2f s; Go heap %.0f MB\n",
		r.Len(), float64(len(data))/1e6, gen.Seconds(), read.Seconds(), len(cells), load.Seconds(), float64(m.HeapAlloc)/1e6)
	return &bench{
		data: data, rows: r, cells: cells, db: db,
		entriesAll: LedgerEntries(cells, ledgerUnit),
		entriesOne: LedgerEntries(cells, ledgerUnit, stmtDim),
	}, nil
})

func getBench(b *testing.B) *bench {
	d, err := benchData()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// results holds each benchmark's last time per operation, for the summary.
var (
	resultsMu sync.Mutex
	results   = map[string]time.Duration{}
)

// done records the benchmark's time per operation and reports rows/s over n rows.
func done(b *testing.B, rows int) {
	b.StopTimer()
	per := b.Elapsed() / time.Duration(b.N)
	if rows > 0 {
		b.ReportMetric(float64(rows)/per.Seconds(), "rows/s")
	}
	resultsMu.Lock()
	results[b.Name()] = per
	resultsMu.Unlock()
}

// BenchmarkParseAggregate is what the import does: sie.Aggregate over the file's bytes,
// parsing included.
func BenchmarkParseAggregate(b *testing.B) {
	d := getBench(b)
	b.SetBytes(int64(len(d.data)))
	b.ResetTimer()
	for range b.N {
		_, l, err := sie.Aggregate(bytes.NewReader(d.data), sie.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if l.Outcome.Len() != len(d.cells) {
			b.Fatalf("%d cells, want %d", l.Outcome.Len(), len(d.cells))
		}
	}
	done(b, d.rows.Len())
}

// BenchmarkAggregate sums the rows (already in memory as columns) per account × month and
// per account × object × month: in Go as sie.Cells does (go-cells) and with a plain map
// (go-map), and in DuckDB on 1 and 2 threads, written with UNION ALL or GROUPING SETS,
// with every cell fetched into a Go slice (fetch) or only counted (count).
func BenchmarkAggregate(b *testing.B) {
	d := getBench(b)
	b.Run("go-cells", func(b *testing.B) {
		for range b.N {
			c, err := AggregateBlocks(d.rows)
			if err != nil {
				b.Fatal(err)
			}
			if c.Len() != len(d.cells) {
				b.Fatalf("%d cells, want %d", c.Len(), len(d.cells))
			}
		}
		done(b, d.rows.Len())
	})
	b.Run("go-map", func(b *testing.B) {
		for range b.N {
			if n := len(AggregateMap(d.rows)); n != len(d.cells) {
				b.Fatalf("%d cells, want %d", n, len(d.cells))
			}
		}
		done(b, d.rows.Len())
	})
	for _, threads := range []int{1, 2} {
		for _, form := range []string{UnionAll, GroupingSets} {
			b.Run(fmt.Sprintf("duckdb/threads=%d/%s/fetch", threads, form), func(b *testing.B) {
				if err := d.db.SetThreads(threads); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for range b.N {
					cells, err := d.db.Aggregate(form)
					if err != nil {
						b.Fatal(err)
					}
					if len(cells) != len(d.cells) {
						b.Fatalf("%d cells, want %d", len(cells), len(d.cells))
					}
				}
				done(b, d.rows.Len())
			})
			b.Run(fmt.Sprintf("duckdb/threads=%d/%s/count", threads, form), func(b *testing.B) {
				if err := d.db.SetThreads(threads); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for range b.N {
					n, _, err := d.db.AggregateCount(form)
					if err != nil {
						b.Fatal(err)
					}
					if n != len(d.cells) {
						b.Fatalf("%d cells, want %d", n, len(d.cells))
					}
				}
				done(b, d.rows.Len())
			})
		}
	}
}

// BenchmarkLoad appends the rows to a fresh DuckDB table with the Appender (the time the
// aggregation benchmarks leave out).
func BenchmarkLoad(b *testing.B) {
	d := getBench(b)
	db, err := Open()
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for range b.N {
		if err := db.Load(d.rows); err != nil {
			b.Fatal(err)
		}
	}
	done(b, d.rows.Len())
}

// BenchmarkStatement is the operating statement for January–August, for all rows and for
// one unit: Tertial's path (the stored cells of those months summed, then
// tertial.MapLedgerSums), the same query in Go over the raw rows (go-raw), and DuckDB over
// the raw rows on 1 and 2 threads, the CASE on every row or on the sums per account.
func BenchmarkStatement(b *testing.B) {
	d := getBench(b)
	for _, scope := range []struct {
		name    string
		object  string
		entries []tertial.LedgerEntry
	}{{"all", "", d.entriesAll}, {"unit", stmtUnit, d.entriesOne}} {
		want, _ := TertialStatement(scope.entries, ledgerUnit, stmtFrom, stmtTo, stmtDim, scope.object)
		if want["personal"] == 0 {
			b.Fatalf("%s: no personnel costs in the statement", scope.name)
		}
		b.Run(scope.name+"/tertial", func(b *testing.B) {
			for range b.N {
				rows, _ := TertialStatement(scope.entries, ledgerUnit, stmtFrom, stmtTo, stmtDim, scope.object)
				if rows["personal"] != want["personal"] {
					b.Fatal("wrong statement")
				}
			}
			b.ReportMetric(float64(len(scope.entries)), "entries")
			done(b, 0)
		})
		b.Run(scope.name+"/go-raw", func(b *testing.B) {
			for range b.N {
				rows := RawStatement(d.rows, stmtFrom, stmtTo, stmtDim, scope.object)
				if rows["personal"] != int64(want["personal"]) {
					b.Fatal("wrong statement")
				}
			}
			done(b, d.rows.Len())
		})
		for _, c := range []struct {
			threads int
			form    string
		}{{1, CasePerRow}, {1, PerAccount}, {2, CasePerRow}, {2, PerAccount}} {
			threads, form := c.threads, c.form
			b.Run(fmt.Sprintf("%s/duckdb/threads=%d/%s", scope.name, threads, form), func(b *testing.B) {
				if err := d.db.SetThreads(threads); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for range b.N {
					rows, err := d.db.Statement(form, stmtFrom, stmtTo, stmtDim, scope.object)
					if err != nil {
						b.Fatal(err)
					}
					if rows["personal"] != int64(want["personal"]) {
						b.Fatal("wrong statement")
					}
				}
				done(b, d.rows.Len())
			})
		}
	}
}

// TestMain prints, after benchmarks, each one's time and its ratio to the Go side.
func TestMain(m *testing.M) {
	before := sampleCPU()
	code := m.Run()
	after := sampleCPU()
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if len(results) > 0 {
		d, _ := benchData()
		if d != nil {
			fmt.Printf("\nsummary, %d rows (%s, %d cores):\n", d.rows.Len(), runtime.Version(), runtime.NumCPU())
		}
		names := make([]string, 0, len(results))
		for n := range results {
			names = append(names, n)
		}
		slices.Sort(names)
		if others, share, ok := othersCPU(before, after, runtime.NumCPU()); ok {
			fmt.Printf("  other processes used %.1f CPU-seconds during the run, %.0f %% of the machine", others.Seconds(), 100*share)
			if share > 0.05 {
				fmt.Print(": the times are not to be trusted")
			}
			fmt.Println()
		}
		for _, n := range names {
			line := fmt.Sprintf("  %-50s %10.2f ms", strings.TrimPrefix(n, "Benchmark"), float64(results[n].Microseconds())/1000)
			for _, ref := range references(n) {
				if r, ok := results[ref]; ok && ref != n {
					line += fmt.Sprintf("  %8.2f × %s", results[n].Seconds()/r.Seconds(), strings.TrimPrefix(ref, "Benchmark"))
				}
			}
			fmt.Println(line)
		}
	}
	os.Exit(code)
}

// references name the benchmarks a result is compared with: Tertial's Go aggregation;
// for the statement the same query in Go over the raw rows and Tertial's path.
func references(name string) []string {
	switch {
	case strings.HasPrefix(name, "BenchmarkAggregate/"), name == "BenchmarkParseAggregate", name == "BenchmarkLoad":
		return []string{"BenchmarkAggregate/go-cells"}
	case strings.HasPrefix(name, "BenchmarkStatement/"):
		scope := strings.Split(name, "/")[1]
		return []string{"BenchmarkStatement/" + scope + "/go-raw", "BenchmarkStatement/" + scope + "/tertial"}
	}
	return nil
}
