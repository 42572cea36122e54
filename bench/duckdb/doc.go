// Package duckdbbench compares Tertial's ledger aggregation with DuckDB over the same
// rows. It is a module of its own (bench/duckdb/go.mod) so that Tertial's binary and
// `go test ./...` at the repository's root never depend on DuckDB or cgo.
//
// The rows are the #TRANS rows of a file written by sie.Generate, read once with sie.Read
// into columns (Rows): account, one object column per dimension, month (YYYYMM) and amount
// in öre (int64). Both sides then answer the same two questions from those columns:
//
//   - the aggregation Tertial does at import: the result accounts (classes 3–8) summed per
//     account × month (dimension 0) and per account × object × month for every dimension;
//   - the operating statement a report needs: months from..to of one year summed per
//     Kommun-Bas row (tertial.KommunBasRules), for the whole file or one unit (an object
//     of dimension 1).
//
// Run it with
//
//	cd bench/duckdb && go test ./...                                   # the equality tests
//	cd bench/duckdb && go test -run X -bench . -benchtime 3x           # 1 million rows
//	cd bench/duckdb && TERTIAL_BENCH_ROWS=10000000 go test -run X -bench . -benchtime 3x -timeout 1h
//
// The first build links DuckDB's prebuilt static library (duckdb-go-bindings), which
// needs cgo and a C++ linker and takes a minute.
package duckdbbench
