package sie

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// ksumFile is the benchmark file with #KSUMMA, so that every row goes into the CRC.
var ksumFile = sync.OnceValue(func() []byte {
	data, _ := benchFile()
	withOpen := bytes.Replace(data, []byte("#FLAGGA 0\n"), []byte("#FLAGGA 0\n#KSUMMA\n"), 1)
	crc, err := Checksum(bytes.NewReader(withOpen))
	if err != nil {
		panic(err)
	}
	return append(withOpen, fmt.Sprintf("#KSUMMA %d\n", crc)...)
})

// BenchmarkParseChecksum is BenchmarkParse on a file with #KSUMMA.
func BenchmarkParseChecksum(b *testing.B) {
	data := ksumFile()
	b.SetBytes(int64(len(data)))
	for range b.N {
		f, _, err := Aggregate(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if f.Checksum != ChecksumOK {
			b.Fatal(f.Checksum)
		}
	}
}
