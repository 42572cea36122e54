// Package ledgerimport reads an SIE file and stores its ledger for a unit: what `tertial
// import sie` and the site's upload both do. The whole file is read and checked before the
// database is touched, and the ledger is stored in one transaction (store.ImportLedger).
package ledgerimport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/store"
)

// Options say where the ledger goes and how the file is read.
type Options struct {
	Municipality, Unit string
	Year               int    // the fiscal year the file must be for (its #RAR 0); 0 takes the file's
	Source             string // "" gives "sie:PROGRAM"; an import of the same source and year replaces the earlier one
	Lenient            bool   // unbalanced vouchers, undeclared accounts and dates outside the year become warnings, and rows Tertial cannot use are skipped with one (see sie.Lenient)
	Actor              string
	FileName           string // for messages (FILE:LINE:COL) and the audit log
	Progress           func(bytesRead int64)
}

// Result is what was imported.
type Result struct {
	File     *sie.File
	Year     int
	Source   string
	SHA256   string
	Replaced bool // an earlier import of the same source and year was replaced
	Outcome  int  // aggregated outcome rows stored
	Budget   int  // aggregated budget rows stored
}

// Import reads the SIE file from r and stores its outcome and budget for the unit.
func Import(ctx context.Context, db *store.DB, r io.Reader, o Options) (*Result, error) {
	h := sha256.New()
	mode := sie.Strict
	if o.Lenient {
		mode = sie.Lenient
	}
	in := &reader{r: r}
	f, ledger, err := sie.Aggregate(io.TeeReader(in, h), sie.Options{Mode: mode, Name: o.FileName, Progress: o.Progress})
	var bad *sie.Error
	switch {
	case in.err != nil:
		return nil, &ReadError{Err: in.err}
	case errors.As(err, &bad):
		return nil, tertial.Errorf(tertial.EINVALID, "%s", bad.Error())
	case err != nil:
		return nil, err
	}
	y0, ok := f.Year(0)
	year := y0.Start.Year()
	switch {
	case !ok && o.Year == 0:
		return nil, tertial.Errorf(tertial.EINVALID, "%s saknar #RAR 0; ange året", o.FileName)
	case !ok:
		year = o.Year
	case o.Year != 0 && o.Year != year:
		return nil, tertial.Errorf(tertial.EINVALID, "%s gäller räkenskapsåret %d (#RAR 0), inte %d", o.FileName, year, o.Year)
	}
	if f.ChartType != "" && !tertial.IsKommunBasChart(f.ChartType) {
		warnAt(f, f.ChartTypeLine, fmt.Sprintf("filen anger kontoplanen %s (#KPTYP), inte Kommun-Bas: kontomappningen följer Kommun-Bas, så kontrollera att kontona hamnar på rätt rader (tertial check varnar också)", f.ChartType))
	}
	res := &Result{File: f, Year: year, Source: o.Source, SHA256: hex.EncodeToString(h.Sum(nil)),
		Outcome: ledger.Outcome.Len(), Budget: ledger.Budget.Len()}
	if res.Source == "" {
		res.Source = "sie:" + f.Program
	}
	res.Replaced, err = db.ImportLedger(ctx, store.LedgerImport{Municipality: o.Municipality, Unit: o.Unit, Source: res.Source, Year: year,
		SHA256: res.SHA256, Actor: o.Actor, FileName: o.FileName, OrgNr: f.OrgNr, Chart: f.ChartType,
		Movements: rows(ledger.Movements), Balances: balances(f, ledger, year), AccountNames: accountNames(f)}, rows(ledger.Outcome), rows(ledger.Budget))
	if err != nil {
		return nil, err
	}
	return res, nil
}

// warnAt adds a warning at a line among the file's warnings, in line order.
func warnAt(f *sie.File, line int, msg string) {
	i := 0
	for i < len(f.Warnings) && f.Warnings[i].Line <= line {
		i++
	}
	f.Warnings = slices.Insert(f.Warnings, i, sie.Warning{Line: line, Message: msg})
	f.WarningCount++
}

// ReadError is a failure to read the file itself (a broken upload, a disk error), not a
// fault in its content.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "läsfel: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// reader remembers the first error of the reader it wraps.
type reader struct {
	r   io.Reader
	err error
}

func (x *reader) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	if err != nil && err != io.EOF && x.err == nil {
		x.err = err
	}
	return n, err
}

// balances returns the file's #IB, #UB and #RES rows by the calendar year of their fiscal
// year (the year of its first day), year being the file's own.
func balances(f *sie.File, l *sie.Ledger, year int) []tertial.LedgerBalance {
	out := make([]tertial.LedgerBalance, 0, len(l.Balances))
	for _, b := range l.Balances {
		y := year + b.YearIndex
		if fy, ok := f.Year(b.YearIndex); ok && b.YearIndex != 0 {
			y = fy.Start.Year()
		}
		out = append(out, tertial.LedgerBalance{Year: y, Account: b.Account, Opening: b.Opening, Closing: b.Closing, Result: b.Result,
			HasOpening: b.HasOpening, HasClosing: b.HasClosing, HasResult: b.HasResult})
	}
	return out
}

// accountNames are the file's account names (#KONTO) by account number, those it names.
func accountNames(f *sie.File) map[string]string {
	out := make(map[string]string, len(f.Accounts))
	for nr, a := range f.Accounts {
		if name := strings.TrimSpace(a.Name); name != "" {
			out[nr] = name
		}
	}
	return out
}

// rows yields the cells as the store takes them, a batch at a time, straight from the
// aggregation.
func rows(c *sie.Cells) iter.Seq[store.LedgerRow] {
	return func(yield func(store.LedgerRow) bool) {
		for k, v := range c.All() {
			if !yield(store.LedgerRow{Account: k.Account, Dimension: k.Dim, Object: k.Object, Month: k.Month, Amount: v}) {
				return
			}
		}
	}
}
