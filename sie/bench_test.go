package sie

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkParse reads a generated 4E file of about 1 million rows and, in the same run,
// times `wc -l` over the same file (reported as wc-MB/s) for the ratio the issue asks for.
func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenerateOptions{Vouchers: 91000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	path := filepath.Join(b.TempDir(), "big.se")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	wcRate := 0.0
	if wc, err := exec.LookPath("wc"); err == nil {
		start := time.Now()
		const runs = 5
		for range runs {
			if err := exec.Command(wc, "-l", path).Run(); err != nil {
				b.Fatal(err)
			}
		}
		wcRate = float64(len(data)) * runs / time.Since(start).Seconds() / 1e6
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, _, err := Aggregate(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(wcRate, "wc-MB/s")
}

// BenchmarkReadOnly is the reader without aggregation.
func BenchmarkReadOnly(b *testing.B) {
	var buf bytes.Buffer
	Generate(&buf, GenerateOptions{Vouchers: 20000, Seed: 1})
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for range b.N {
		if _, err := Read(bytes.NewReader(data), Options{}, Visitor{}); err != nil {
			b.Fatal(err)
		}
	}
	_ = io.Discard
}
