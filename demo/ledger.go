package demo

import (
	"fmt"
	"io"

	"github.com/tertial/tertial/sie"
)

// Ledger is one SIE file loaded with a demo: the books of a unit's fiscal year, generated
// by sie.Generate with a fixed seed, so that every load of the demo gives the same books.
// The files are not embedded: they are written when the demo is loaded.
type Ledger struct {
	Unit     string // the unit the ledger is imported for
	Year     int    // the fiscal year (#RAR 0)
	Vouchers int    // how many vouchers the generator writes
	Seed     uint64 // the generator's seed
}

// FileName names the ledger's file in messages and the audit log: "demo/ekby-kf-2025.se".
func (l Ledger) FileName(demo string) string {
	return fmt.Sprintf("demo/%s-%s-%d.se", demo, l.Unit, l.Year)
}

// Write writes the ledger's SIE file to w.
func (l Ledger) Write(w io.Writer) error {
	_, err := sie.Generate(w, sie.GenerateOptions{Vouchers: l.Vouchers, Year: l.Year, Seed: l.Seed})
	return err
}

// ekbyVouchers is how many vouchers each of Ekby's generated years has.
const ekbyVouchers = 2000

// ekbyLedgers are Ekby's books for 2021–2025, imported for the whole municipality at unit
// kf (kommunfullmäktige), whose årsredovisning the statements are made from. Each year
// has its own seed, the same on every load.
var ekbyLedgers = func() []Ledger {
	var ls []Ledger
	for y := 2021; y <= 2025; y++ {
		ls = append(ls, Ledger{Unit: "kf", Year: y, Vouchers: ekbyVouchers, Seed: 9901_0000 + uint64(y)})
	}
	return ls
}()
