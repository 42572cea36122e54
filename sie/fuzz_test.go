package sie

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader reads and aggregates arbitrary bytes in both modes: it must never panic, and
// a strict read that succeeds must only have reported balanced vouchers.
func FuzzReader(f *testing.F) {
	for _, pattern := range []string{"testdata/*.s[ei]", "testdata/fuzz/*.se"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mode := range []Mode{Strict, Lenient} {
			unbalanced := false
			file, err := Read(bytes.NewReader(data), Options{Mode: mode}, Visitor{
				Voucher: func(v *Voucher) error {
					if v.Sum != 0 {
						unbalanced = true
					}
					return nil
				},
				Balance: func(b *Balance) error {
					if b.Account == "" {
						t.Fatalf("balance without account: %+v", b)
					}
					return nil
				},
			})
			if file == nil {
				t.Fatal("nil File")
			}
			if mode == Strict && err == nil && unbalanced {
				t.Fatal("strict read accepted an unbalanced voucher")
			}
			// The aggregation must not panic either, and its cells must be enumerable.
			if _, l, err := Aggregate(bytes.NewReader(data), Options{Mode: mode}); err == nil {
				n := 0
				for range l.Outcome.All() {
					n++
				}
				if n != l.Outcome.Len() {
					t.Fatalf("All yields %d cells, Len says %d", n, l.Outcome.Len())
				}
			}
		}
	})
}
