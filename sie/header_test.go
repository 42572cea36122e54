package sie

import (
	"fmt"
	"strings"
	"testing"
)

// The header's bounds (Options.MaxAccounts and the others) stop a file at the line where
// it passes one, in both modes, whether the account or object comes from a declaration or
// a row; what is already held (a repeated declaration) does not count again.
func TestHeaderCaps(t *testing.T) {
	repeated := header + strings.Repeat("#KONTO 5010 \"Lon\"\n", 1000)
	rows := "#SIETYP 4\n#RAR 0 20210101 20211231\n#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 1\n#TRANS 5020 {} 1\n#TRANS 1930 {} -2\n}\n"
	objects := header + "#DIM 1 \"Ansvar\"\n#OBJEKT 1 \"100\" \"A\"\n#OBJEKT 1 \"100\" \"A igen\"\n#OBJEKT 1 \"200\" \"B\"\n#OBJEKT 1 \"300\" \"C\"\n"
	objectRows := header + "#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {1 \"100\" 6 \"P1\"} 1\n#TRANS 5010 {1 \"200\"} 1\n#TRANS 1930 {} -2\n}\n"
	// header holds the numbers and names "1930", "Bank", "5010" and "Lon": 15 bytes.
	for _, c := range []struct {
		name string
		file string
		opts Options
		want string // "" when the file passes
	}{
		{"accounts at the cap", header, Options{MaxAccounts: 2}, ""},
		{"one #KONTO too many", header + "#KONTO 5020 \"Lon2\"\n", Options{MaxAccounts: 2}, "sie:8:8: kontot 5020 är ett för många: en fil får ha högst 2 olika konton"},
		{"#KTYP adds an account", header + "#KTYP 2440 S\n", Options{MaxAccounts: 2}, "sie:8:7: kontot 2440 är ett för många"},
		{"#SRU adds an account", header + "#SRU 2440 7368\n", Options{MaxAccounts: 2}, "sie:8:6: kontot 2440 är ett för många"},
		{"accounts of rows, none declared", rows, Options{MaxAccounts: 2}, "sie:7:8: kontot 1930 är ett för många: en fil får ha högst 2 olika konton"},
		{"a repeated #KONTO is held once", repeated, Options{MaxAccounts: 2, MaxTextBytes: 15}, ""},
		{"names past the text cap", header, Options{MaxTextBytes: 14}, "sie:7:13: kontonas, dimensionernas och objektens nummer och namn tar tillsammans mer än 14 byte"},
		{"a longer name counts the difference", repeated + "#KONTO 5010 \"Loner\"\n", Options{MaxTextBytes: 16}, "sie:1008:13: kontonas"},
		{"the text cap in MiB", header + "#KONTO 5020 \"" + strings.Repeat("x", 1<<19) + "\"\n#KONTO 5030 \"" + strings.Repeat("x", 1<<19) + "\"\n", Options{MaxTextBytes: 1 << 20}, "sie:9:13: kontonas, dimensionernas och objektens nummer och namn tar tillsammans mer än 1 MiB"},
		{"dimensions at the cap", header + "#DIM 1 \"Ansvar\"\n#UNDERDIM 2 \"Enhet\" 1\n#DIM 1 \"Ansvar\"\n", Options{MaxDimensions: 2}, ""},
		{"#OBJEKT adds a dimension", header + "#DIM 1 \"Ansvar\"\n#UNDERDIM 2 \"Enhet\" 1\n#OBJEKT 6 \"P1\" \"Projekt\"\n", Options{MaxDimensions: 2}, "sie:10:9: dimension 6 är en för många: en fil får ha högst 2 dimensioner"},
		{"#UNDERDIM too many", header + "#DIM 1 \"Ansvar\"\n#UNDERDIM 2 \"Enhet\" 1\n", Options{MaxDimensions: 1}, "sie:9:11: dimension 2 är en för många: en fil får ha högst 1 dimensioner"},
		{"one #OBJEKT too many", objects, Options{MaxObjects: 2}, "sie:12:11: objektet 300 i dimension 1 är ett för många: en fil får ha högst 2 olika objekt"},
		{"objects at the cap", objects, Options{MaxObjects: 3}, ""},
		{"objects of rows", objectRows, Options{MaxObjects: 2}, "sie:11:13: objektet 200 i dimension 1 är ett för många: en fil får ha högst 2 olika objekt"},
		// 15 + "Ansvar" 6 + "100" twice (a declared object's number is also its name's key) + "A" = 28;
		// "A igen" adds 5, "200" twice 6.
		{"a longer object name past the text cap", objects, Options{MaxTextBytes: 28}, "sie:10:17: kontonas"},
		{"an object number past the text cap", objects, Options{MaxTextBytes: 33}, "sie:11:11: kontonas"},
	} {
		for _, mode := range []Mode{Strict, Lenient} {
			t.Run(fmt.Sprintf("%s/%d", c.name, mode), func(t *testing.T) {
				opts := c.opts
				opts.Mode = mode
				_, err := Read(strings.NewReader(c.file), opts, Visitor{})
				switch {
				case c.want == "" && err != nil:
					t.Errorf("err = %v, want none", err)
				case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
					t.Errorf("err = %v\nwant %s", err, c.want)
				}
			})
		}
	}
	// Aggregate, which the import uses, reads with the same bounds.
	if _, _, err := Aggregate(strings.NewReader(objectRows), Options{MaxObjects: 2}); err == nil || !strings.Contains(err.Error(), "sie:11:13: objektet 200") {
		t.Errorf("Aggregate: %v", err)
	}
}

// A year given again is held once: the same #RAR repeated leaves one year, and a
// different one with the same index is an error (a warning when lenient).
func TestRepeatedFiscalYear(t *testing.T) {
	f, err := Read(strings.NewReader(header+strings.Repeat("#RAR 0 20210101 20211231\n", 1000)), Options{}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Years) != 1 {
		t.Errorf("%d years, want 1", len(f.Years))
	}
	other := header + "#RAR -1 20200101 20201231\n#RAR 0 20220101 20221231\n"
	_, err = Read(strings.NewReader(other), Options{}, Visitor{})
	if want := "sie:9:6: räkenskapsår 0 är redan angivet på rad 5 (2021-01-01–2021-12-31)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("strict: %v\nwant %s", err, want)
	}
	f, err = Read(strings.NewReader(other), Options{Mode: Lenient}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := f.Year(0); len(f.Years) != 2 || y.Start != 20210101 || f.WarningCount != 1 || !strings.Contains(f.Warnings[0].String(), "rad 9: #RAR hoppas över: räkenskapsår 0 är redan angivet på rad 5") {
		t.Errorf("lenient: years %v, warnings %v", f.Years, f.Warnings)
	}
}

// A large municipality's header, well beyond what real files hold (8 000 accounts, 4
// dimensions, 60 000 objects with long names), reads with the default bounds.
func TestHeaderDefaultsFitALargeMunicipality(t *testing.T) {
	var b strings.Builder
	b.WriteString("#FLAGGA 0\n#SIETYP 4\n#FNAMN \"Storstad kommun\"\n#RAR 0 20210101 20211231\n")
	for a := range 8000 {
		fmt.Fprintf(&b, "#KONTO %d \"Kontot %d med ett namn så långt som ett långt kontonamn blir\"\n#SRU %d 7%03d\n", 10000+a, a, 10000+a, a%1000)
	}
	b.WriteString("#DIM 1 \"Ansvar\"\n#UNDERDIM 2 \"Enhet\" 1\n#DIM 6 \"Projekt\"\n#DIM 20 \"Verksamhet\"\n")
	dims := []int{1, 2, 6, 20}
	for o := range 60000 {
		fmt.Fprintf(&b, "#OBJEKT %d \"%d\" \"Objekt %d, ett namn så långt som ett projekts namn brukar bli\"\n", dims[o%4], 100000+o, o)
	}
	b.WriteString("#VER A 1 20210105 \"x\"\n{\n#TRANS 17999 {1 \"100000\" 6 \"100002\"} 1\n#TRANS 10000 {} -1\n}\n")
	f, err := Read(strings.NewReader(b.String()), Options{}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Accounts) != 8000 || len(f.Dimensions) != 4 || f.Objects != 60000 || f.Transactions != 2 {
		t.Errorf("%d accounts, %d dimensions, %d objects, %d transactions", len(f.Accounts), len(f.Dimensions), f.Objects, f.Transactions)
	}
}

// The warnings kept do not hold the file's long lines: each message is cut to a length.
func TestWarningsAreShort(t *testing.T) {
	label := "#OKÄND" + strings.Repeat("å", 50000)
	f, err := Read(strings.NewReader(header+strings.Repeat(label+" 1\n", 300)), Options{Mode: Lenient}, Visitor{})
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, w := range f.Warnings {
		held += len(w.Message)
		if !strings.HasPrefix(w.Message, "okänd post #OKÄNDååå") || !strings.HasSuffix(w.Message, "å …") || len(w.Message) > maxWarningBytes+len(" …") {
			t.Fatalf("warning of %d bytes: %.80s … %s", len(w.Message), w.Message, w.Message[max(0, len(w.Message)-10):])
		}
	}
	if f.WarningCount != 300 || len(f.Warnings) != 200 || held > 200*(maxWarningBytes+len(" …")) {
		t.Errorf("%d warnings, %d kept, %d bytes", f.WarningCount, len(f.Warnings), held)
	}
}
