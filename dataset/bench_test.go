package dataset_test

import (
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

// BenchmarkDecodeDemo measures reading and validating the demo file (the import's first
// step).
func BenchmarkDecodeDemo(b *testing.B) {
	data := demo.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := dataset.Decode(data, "demo.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeDemo measures writing the demo dataset (the export's last step).
func BenchmarkEncodeDemo(b *testing.B) {
	ds, err := demo.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := dataset.Encode(ds); err != nil {
			b.Fatal(err)
		}
	}
}
