package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSIEGenerateYears: --years writes one file a year into -o's directory, each an
// SIE 4E file inspect reads; a bad span or no directory is a usage error.
func TestSIEGenerateYears(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ekby")
	code, _, stderr := runCmd(t, "sie", "generate", "--years", "2021-2022", "--vouchers", "100", "-o", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, y := range []string{"2021", "2022"} {
		p := filepath.Join(dir, "ekby-"+y+".se")
		if _, err := os.Stat(p); err != nil || !strings.Contains(stderr, p) {
			t.Fatalf("%s: %v\n%s", p, err, stderr)
		}
		code, out, errOut := runCmd(t, "sie", "inspect", p)
		if code != 0 || !strings.Contains(out, "SIE-typ:         4E") || !strings.Contains(out, "Ekby kommun") {
			t.Errorf("inspect %s: %d\n%s%s", p, code, out, errOut)
		}
	}
	for _, args := range [][]string{{"--years", "2022-2021", "-o", dir}, {"--years", "2021", "-o", dir}, {"--years", "2021-2022"}} {
		code, _, stderr := runCmd(t, append([]string{"sie", "generate"}, args...)...)
		if code != 2 || !strings.Contains(stderr, "--years") && !strings.Contains(stderr, "-o") {
			t.Errorf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	// Without --years, one file as before.
	one := filepath.Join(t.TempDir(), "one.se")
	if code, _, stderr := runCmd(t, "sie", "generate", "--vouchers", "10", "-o", one); code != 0 {
		t.Fatal(stderr)
	}
}
