package sie

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// benchFile is a generated 4E file of 91 000 vouchers, about 1 million rows and 47 MB,
// written once per test binary.
var benchFile = sync.OnceValues(func() ([]byte, string) {
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenerateOptions{Vouchers: 91000, Seed: 1}); err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "sie-bench")
	if err != nil {
		panic(err)
	}
	path := filepath.Join(dir, "big.se")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
	return buf.Bytes(), path
})

// wcRate times `wc -l` over the file, in MB/s (0 without wc).
func wcRate(b *testing.B, path string, size int) float64 {
	wc, err := exec.LookPath("wc")
	if err != nil {
		return 0
	}
	start := time.Now()
	const runs = 5
	for range runs {
		if err := exec.Command(wc, "-l", path).Run(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(size) * runs / time.Since(start).Seconds() / 1e6
}

// peakHeap samples the heap's objects every millisecond until stop is called, which
// returns the highest sample in MB above what was live at the start (the file itself).
func peakHeap() (stop func() float64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	peak := base
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak-base) / 1e6
	}
}

// BenchmarkParse reads the file and aggregates it per account, object and month, as the
// import does, and in the same run times `wc -l` over the same file (wc-MB/s) for the
// ratio the issue asks for (ratio-%), and reports the highest live heap (peak-heap-MB).
func BenchmarkParse(b *testing.B) {
	data, path := benchFile()
	wc := wcRate(b, path, len(data))
	b.SetBytes(int64(len(data)))
	stop := peakHeap()
	b.ResetTimer()
	for range b.N {
		if _, _, err := Aggregate(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(stop(), "peak-heap-MB")
	reportRatio(b, len(data), wc)
}

// BenchmarkReadOnly is the reader without aggregation, over the same file.
func BenchmarkReadOnly(b *testing.B) {
	data, path := benchFile()
	wc := wcRate(b, path, len(data))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := Read(bytes.NewReader(data), Options{}, Visitor{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportRatio(b, len(data), wc)
}

func reportRatio(b *testing.B, size int, wc float64) {
	if wc == 0 {
		return
	}
	rate := float64(size) * float64(b.N) / b.Elapsed().Seconds() / 1e6
	b.ReportMetric(wc, "wc-MB/s")
	b.ReportMetric(100*rate/wc, "ratio-%")
}
