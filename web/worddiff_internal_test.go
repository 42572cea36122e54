package web

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// join returns the old text (kept and removed runs) and the new (kept and added) of a diff.
func join(parts []diffPart) (old, new string) {
	var o, n strings.Builder
	for _, p := range parts {
		if p.Op != diffIns {
			o.WriteString(p.Text)
		}
		if p.Op != diffDel {
			n.WriteString(p.Text)
		}
	}
	return o.String(), n.String()
}

func show(parts []diffPart) string {
	var b strings.Builder
	for _, p := range parts {
		switch p.Op {
		case diffDel:
			b.WriteString("[-" + p.Text + "-]")
		case diffIns:
			b.WriteString("{+" + p.Text + "+}")
		default:
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestWordDiff(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"", "", ""},
		{"samma text", "samma text", "samma text"},
		{"", "ny text", "{+ny text+}"},
		{"gammal text", "", "[-gammal text-]"},
		{"Prognosen visar ett underskott.", "Prognosen visar ett överskott.", "Prognosen visar ett [-underskott.-]{+överskott.+}"},
		{"en röd stor bil", "en blå liten bil", "en [-röd stor-]{+blå liten+} bil"},
		{"Vi har anställt fler.", "Vi har under året anställt fler.", "Vi har {+under året +}anställt fler."},
		{"a b c d", "a c d", "a [-b -]c d"},
		{"rad ett\nrad två", "rad ett\nrad tre", "rad ett\nrad [-två-]{+tre+}"},
	} {
		parts := wordDiff(c.old, c.new)
		if got := show(parts); got != c.want {
			t.Errorf("wordDiff(%q, %q) = %q, want %q", c.old, c.new, got, c.want)
		}
		if o, n := join(parts); o != c.old || n != c.new {
			t.Errorf("wordDiff(%q, %q) gives back %q and %q", c.old, c.new, o, n)
		}
	}
}

// TestWordDiffProperties: for random texts the kept and removed runs give the old text,
// the kept and added the new; no two neighbouring runs are of the same kind, and none is
// empty.
func TestWordDiffProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"mål", "budget", "prognos", "utfall", "nämnd", "år"}
	text := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString([]string{" ", "  ", "\n"}[r.IntN(3)])
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	for range 500 {
		a, b := text(r.IntN(12)), text(r.IntN(12))
		parts := wordDiff(a, b)
		if o, n := join(parts); o != a || n != b {
			t.Fatalf("wordDiff(%q, %q) gives back %q and %q", a, b, o, n)
		}
		for i := 1; i < len(parts); i++ {
			if parts[i].Op == parts[i-1].Op {
				t.Fatalf("wordDiff(%q, %q): neighbouring runs of one kind: %q", a, b, show(parts))
			}
			if parts[i].Text == "" {
				t.Fatalf("wordDiff(%q, %q): an empty run", a, b)
			}
		}
	}
	// A text too large for the table is still a correct diff.
	big1, big2 := strings.Repeat("a b ", 3000), strings.Repeat("b a ", 3000)
	if o, n := join(wordDiff(big1, big2)); o != big1 || n != big2 {
		t.Error("the large diff does not give the texts back")
	}
}
