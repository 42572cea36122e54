package sie

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// GenerateOptions shape a synthetic SIE 4E file.
type GenerateOptions struct {
	Vouchers int    // number of vouchers, each of 2–20 rows
	Year     int    // fiscal year, default 2021
	Seed     uint64 // same seed, same file
}

// Generate writes a realistic SIE 4E file of a municipality: 10 boards with 5
// responsibility units each (dimension 1), 30 activities (dimension 20), 40 projects
// (dimension 6), 600 accounts in Kommun-Bas classes 1–8, opening balances, #RES, and
// vouchers of 2–20 rows spread over the year, each balanced against the bank account.
// It returns the number of #TRANS rows written.
func Generate(w io.Writer, o GenerateOptions) (int, error) {
	if o.Year == 0 {
		o.Year = 2021
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(o.Seed, 0x5e1e))
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("#FLAGGA 0\n#PROGRAM \"Tertial generator\" \"1\"\n#FORMAT PC8\n#GEN %d0105\n#SIETYP 4\n", o.Year+1)
	p("#FNAMN \"Ekby kommun\"\n#ORGNR 212000-9999\n#KPTYP KBAS2021\n")
	p("#RAR 0 %d0101 %d1231\n#RAR -1 %d0101 %d1231\n", o.Year, o.Year, o.Year-1, o.Year-1)
	p("#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n#DIM 20 \"Verksamhet\"\n")
	var ansvar, verks, projekt []string
	for b := 1; b <= 10; b++ {
		for u := 1; u <= 5; u++ {
			id := strconv.Itoa(b*1000 + u*10)
			ansvar = append(ansvar, id)
			p("#OBJEKT 1 \"%s\" \"Namnd %d, enhet %d\"\n", id, b, u)
		}
	}
	for v := 1; v <= 30; v++ {
		id := strconv.Itoa(100 + v*10)
		verks = append(verks, id)
		p("#OBJEKT 20 \"%s\" \"Verksamhet %d\"\n", id, v)
	}
	for j := 1; j <= 40; j++ {
		id := fmt.Sprintf("P%03d", j)
		projekt = append(projekt, id)
		p("#OBJEKT 6 \"%s\" \"Projekt %d\"\n", id, j)
	}
	// 600 accounts: 40 balance accounts and 560 result accounts over classes 3–8.
	var result []string
	p("#KONTO 1930 \"Bank\"\n#KTYP 1930 T\n")
	for i := 0; i < 39; i++ {
		nr := strconv.Itoa(1000 + i*25)
		if nr == "1930" {
			nr = "1931"
		}
		p("#KONTO %s \"Balanskonto %s\"\n", nr, nr)
	}
	prefixes := []int{30, 31, 34, 35, 36, 38, 39, 40, 44, 45, 46, 49, 50, 51, 52, 53, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 76, 77, 78, 79, 80, 84}
	for _, pre := range prefixes {
		for k := 0; k < 14; k++ {
			nr := strconv.Itoa(pre*100 + k*7 + 1)
			result = append(result, nr)
			p("#KONTO %s \"Konto %s\"\n", nr, nr)
		}
	}
	p("#IB 0 1930 125000000.00\n#IB -1 1930 118000000.00\n")
	rows := 0
	amt := func() int64 { return rng.Int64N(5_000_000) + 100 }
	for v := 1; v <= o.Vouchers; v++ {
		month := 1 + rng.IntN(12)
		day := 1 + rng.IntN(28)
		date := o.Year*10000 + month*100 + day
		n := 1 + rng.IntN(19) // result rows; plus the bank row
		p("#VER \"A\" \"%d\" %d \"Verifikation %d\" %d\n{\n", v, date, v, date)
		var sum int64
		for r := 0; r < n; r++ {
			acc := result[rng.IntN(len(result))]
			a := amt()
			if acc[0] == '3' || acc[0] == '8' {
				a = -a
			}
			sum += a
			p("#TRANS %s {1 \"%s\" 20 \"%s\"", acc, ansvar[rng.IntN(len(ansvar))], verks[rng.IntN(len(verks))])
			if rng.IntN(4) == 0 {
				p(" 6 \"%s\"", projekt[rng.IntN(len(projekt))])
			}
			p("} %s\n", FormatOre(a))
		}
		p("#TRANS 1930 {} %s\n}\n", FormatOre(-sum))
		rows += n + 1
	}
	return rows, bw.Flush()
}
