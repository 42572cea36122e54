package sie

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string, mode Mode, v Visitor) (*File, error) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return Read(bytes.NewReader(data), Options{Mode: mode, Name: name}, v)
}

func TestType3WithBudgetPerObject(t *testing.T) {
	var budget, outcome int64
	objs := map[string]bool{}
	f, err := readFile(t, "kommun-typ3.se", Strict, Visitor{Balance: func(b *Balance) error {
		switch b.Kind {
		case PBUDGET:
			budget += b.Amount
			for _, o := range b.Objects {
				objs[o.Number] = true
			}
		case PSALDO:
			if b.Year == 0 {
				outcome += b.Amount
			}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "3" || f.Company != "Huddinge kommun" || f.OrgNr != "212000-0142" || f.Program != "Raindance" {
		t.Errorf("header: %+v", f)
	}
	if f.Encoding != "CP437" || f.Accounts["5010"].Name != "Månadslön" || f.Dimensions[1].Objects["1200"] != "Näringslivsenheten" {
		t.Errorf("CP437 text read as %q, %q (%s)", f.Accounts["5010"].Name, f.Dimensions[1].Objects["1200"], f.Encoding)
	}
	if budget != 102400000 || outcome != 95000050 || f.BudgetRows != 5 || !objs["260"] {
		t.Errorf("budget %d, outcome %d, rows %d, objects %v", budget, outcome, f.BudgetRows, objs)
	}
	if f.Result[0] != 285000050 || f.Result[-1] != 280000000 {
		t.Errorf("#RES sums %v", f.Result)
	}
	if f.Checksum != ChecksumAbsent || len(f.Warnings) != 0 {
		t.Errorf("checksum %s, warnings %v", f.Checksum, f.Warnings)
	}
}

func TestType4EWithDimensions(t *testing.T) {
	var trans, rtrans, btrans int
	var sum int64
	var texts []string
	f, err := readFile(t, "kommun-4e.se", Strict, Visitor{
		Trans: func(v *Voucher, tr *Trans) error {
			switch tr.Kind {
			case TRANS:
				trans++
				sum += tr.Amount
			case RTRANS:
				rtrans++
			case BTRANS:
				btrans++
			}
			return nil
		},
		Voucher: func(v *Voucher) error { texts = append(texts, v.Text); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.Variant() != "4E" || f.Vouchers != 4 || f.Transactions != 13 || trans != 13 || rtrans != 1 || btrans != 1 || sum != 0 {
		t.Errorf("variant %s, vouchers %d, transactions %d/%d, r %d, b %d, sum %d", f.Variant(), f.Vouchers, f.Transactions, trans, rtrans, btrans, sum)
	}
	if f.Checksum != ChecksumOK {
		t.Errorf("checksum %s", f.Checksum)
	}
	if texts[2] != `Kundfaktura "Kv. Ekbacken"` || f.Dimensions[21].Parent != 20 || f.Objects != 6 {
		t.Errorf("texts %q, underdim %+v, objects %d", texts, f.Dimensions[21], f.Objects)
	}
}

func TestType4IFromFeederSystemInLatin1(t *testing.T) {
	f, err := readFile(t, "forsystem-lon-4i.si", Strict, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Variant() != "4I" || f.Encoding != "ISO-8859-1" || f.Accounts["5010"].Name != "Månadslön" {
		t.Errorf("variant %s, encoding %s, name %q", f.Variant(), f.Encoding, f.Accounts["5010"].Name)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "ISO-8859-1") {
		t.Errorf("warnings %v", f.Warnings)
	}
}

func TestUTF8LabelledPC8(t *testing.T) {
	f, err := Read(strings.NewReader("#FORMAT PC8\n#SIETYP 1\n#FNAMN \"Östra Göinge kommun\"\n"), Options{}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Company != "Östra Göinge kommun" || f.Encoding != "UTF-8" || len(f.Warnings) != 1 {
		t.Errorf("%q %s %v", f.Company, f.Encoding, f.Warnings)
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1": 100, "-1234.5": -123450, "1234.56": 123456, "+3.05": 305, "-0.01": -1, "92233720368547758.07": 9223372036854775807} {
		if got, ok := ParseAmount([]byte(in)); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-", "1.", ".", "1.234", "1,50", "12a", "1.2.3", "92233720368547758.08", "99999999999999999999"} {
		if got, ok := ParseAmount([]byte(in)); ok {
			t.Errorf("ParseAmount(%q) = %d, want error", in, got)
		}
	}
}

const header = "#FLAGGA 0\n#SIETYP 4\n#FNAMN \"Ekby kommun\"\n#ORGNR 212000-9999\n#RAR 0 20210101 20211231\n#KONTO 1930 \"Bank\"\n#KONTO 5010 \"Lon\"\n"

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, file string
		mode       Mode
		want       string
	}{
		{"empty file", "", Strict, "sie:1: filen är tom"},
		{"only blank lines", "\n  \n", Strict, "sie:2: filen är tom"},
		{"truncated in a voucher", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 100.00\n", Strict, "sie:10: filen tar slut mitt i verifikationen på rad 8"},
		{"truncated before the brace", header + "#VER A 1 20210105 \"x\"\n", Strict, "sie:8: filen tar slut mitt i verifikationen"},
		{"truncated mid line", header + "#VER A 1 20210105 \"x\n", Strict, "sie:8:19: citattecknet stängs aldrig"},
		{"truncated checksum", "#KSUMMA\n" + header, Strict, "utan den avslutande #KSUMMA"},
		{"#TRANS outside #VER", header + "#TRANS 5010 {} 100.00\n", Strict, "sie:8:1: #TRANS utanför en verifikation"},
		{"unbalanced voucher", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 100.00\n#TRANS 1930 {} -99.00\n}\n", Strict, "sie:12:1: verifikationen A 1 på rad 8 balanserar inte: raderna summerar till 1.00 kr"},
		{"unknown account", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5011 {} 100.00\n", Strict, "sie:10:8: kontot 5011 är inte deklarerat med #KONTO"},
		{"outside fiscal year", header + "#VER A 1 20220105 \"x\"\n{\n", Strict, "sie:8:10: verifikationen är daterad 2022-01-05, utanför räkenskapsåret 2021-01-01–2021-12-31"},
		{"malformed date", header + "#VER A 1 20210231 \"x\"\n", Strict, "sie:8:10: datumet \"20210231\" finns inte"},
		{"malformed date format", header + "#VER A 1 2021-02-01 \"x\"\n", Strict, "sie:8:10: felaktigt datum \"2021-02-01\""},
		{"malformed amount", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 100,50\n", Strict, "sie:10:16: felaktigt belopp \"100,50\""},
		{"three decimals", header + "#RES 0 5010 1.005\n", Strict, "sie:8:13: felaktigt belopp \"1.005\""},
		{"wrong checksum", "#KSUMMA\n" + header + "#KSUMMA 12345\n", Strict, "sie:9:9: kontrollsumman (#KSUMMA 12345) stämmer inte"},
		{"object list not closed", header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {1 \"100\" 100.00\n", Strict, "sie:10:13: objektlistan stängs aldrig"},
		{"brace without #VER", header + "{\n", Strict, "sie:8:1: { utan föregående #VER"},
		{"line without label", header + "5010 100\n", Strict, "sie:8:1: raden börjar inte med en etikett"},
		{"bad SIE type", "#SIETYP 5\n", Strict, "sie:1:9: okänd SIE-typ \"5\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.file), Options{Mode: c.mode}, Visitor{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %q\nwant  %q", err, c.want)
			}
		})
	}
}

func TestLenientCollectsWarnings(t *testing.T) {
	file := header + "#OKAND 1 2\n#VER A 1 20220105 \"x\"\n{\n#TRANS 5011 {} 100.00\n#TRANS 1930 {} -99.00\n}\n"
	f, err := Read(strings.NewReader(file), Options{Mode: Lenient}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range f.Warnings {
		msgs = append(msgs, w.String())
	}
	want := []string{
		"rad 8: okänd post #OKAND hoppas över",
		"rad 9: verifikationen är daterad 2022-01-05, utanför räkenskapsåret 2021-01-01–2021-12-31",
		"rad 11: kontot 5011 är inte deklarerat med #KONTO",
		"rad 13: verifikationen A 1 på rad 9 balanserar inte: raderna summerar till 1.00 kr",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestObjectListForms(t *testing.T) {
	var got [][]Object
	file := header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {1 \"100\" 6 \"P12\"} 1\n#TRANS 5010 {\"1\" \"1 00\"\t\"6\" \"P\\\"12\"} 1\n#TRANS 1930 {} -2\n}\n"
	_, err := Read(strings.NewReader(file), Options{}, Visitor{Trans: func(v *Voucher, tr *Trans) error {
		got = append(got, append([]Object(nil), tr.Objects...))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0][1] != (Object{6, "P12"}) || got[1][0] != (Object{1, "1 00"}) || got[1][1] != (Object{6, "P\"12"}) || len(got[2]) != 0 {
		t.Errorf("%v", got)
	}
}

// The short amount parser must agree with the general one on every string it takes.
func TestShortAmountAgrees(t *testing.T) {
	const alphabet = "0123456789.-+x "
	var b []byte
	var walk func(depth int)
	walk = func(depth int) {
		s, sok := parseShortAmount(b)
		l, lok := parseLongAmount(b)
		if s != l || sok != lok {
			t.Fatalf("%q: short %d %v, long %d %v", b, s, sok, l, lok)
		}
		if depth == 0 {
			return
		}
		for i := range len(alphabet) {
			b = append(b, alphabet[i])
			walk(depth - 1)
			b = b[:len(b)-1]
		}
	}
	walk(5)
	for _, in := range []string{"9999999999999999", "-999999999999999", "99999999999999.99", "-9999999999999.99", "+0.01", ".5", "-.05"} {
		s, sok := parseShortAmount([]byte(in))
		l, lok := parseLongAmount([]byte(in))
		if s != l || sok != lok {
			t.Errorf("%q: short %d %v, long %d %v", in, s, sok, l, lok)
		}
	}
}
