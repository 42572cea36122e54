package tertial_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// The README is the front page: short, with the two commands that set Tertial up on a
// fresh machine; everything else is in docs/.
const maxReadme = 10240

// TestReadme checks the README's size, that it holds the set-up commands verbatim, and
// that it names the licence.
func TestReadme(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > maxReadme {
		t.Errorf("README.md is %d bytes; at most %d: move the detail to docs/", len(b), maxReadme)
	}
	for _, cmd := range []string{"go run ./cmd/tertial serve --demo", "go test ./..."} {
		if !strings.Contains(string(b), cmd) {
			t.Errorf("README.md does not contain the set-up command %q", cmd)
		}
	}
	if !strings.Contains(string(b), "EUPL-1.2") {
		t.Error("README.md does not name the licence (EUPL-1.2)")
	}
	lic, err := os.ReadFile("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(lic), "\n"); first != "EUROPEAN UNION PUBLIC LICENCE v. 1.2" {
		t.Errorf("LICENSE starts with %q, not the EUPL-1.2's title", first)
	}
}

// TestReadmeDependencies checks that the README names, and so can justify, every direct
// requirement of go.mod and every package of tools/axe/package.json.
func TestReadmeDependencies(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	deps, err := goModDirect("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if len(deps) == 0 {
		t.Fatal("no direct requirements found in go.mod")
	}
	b, err := os.ReadFile("tools/axe/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatalf("tools/axe/package.json: %v", err)
	}
	for name := range pkg.Dependencies {
		deps = append(deps, name)
	}
	for name := range pkg.DevDependencies {
		deps = append(deps, name)
	}
	for _, d := range deps {
		if !strings.Contains(string(readme), "`"+d+"`") {
			t.Errorf("README.md does not name the dependency `%s`", d)
		}
	}
}

// goModDirect returns the module paths a go.mod requires directly (not // indirect).
func goModDirect(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var mods []string
	inBlock := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		if line == "" || strings.HasPrefix(line, "//") || strings.Contains(line, "// indirect") {
			continue
		}
		mods = append(mods, strings.Fields(line)[0])
	}
	return mods, sc.Err()
}

// TestDocLinks checks every relative link in README.md and docs/*.md: the file it names
// exists, and an anchor into a Markdown file names one of its headings.
func TestDocLinks(t *testing.T) {
	files, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"README.md"}, files...)
	if len(files) < 2 {
		t.Fatal("no docs/*.md found")
	}
	for _, file := range files {
		for _, p := range brokenLinks(os.DirFS("."), file) {
			t.Error(p)
		}
	}
}

// TestBrokenLinksFinds makes sure the link check can fail: on a made-up page it must
// find exactly the broken links, and ignore links in code.
func TestBrokenLinksFinds(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/a.md": {Data: []byte("# A page\n\n## Some `code`: here\n\n" +
			"[ok](b.md) [ok](#a-page) [ok](#some-code-here) [ok](b.md#b) [ok](../x.go) [ok](../sub/) " +
			"[web](https://example.org/none) [mail](mailto:a@b)\n" +
			"[missing](c.md) [bad anchor](b.md#nope) [bad self](#nope) [outside](../../x.go)\n" +
			"`[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n")},
		"docs/b.md":  {Data: []byte("# B\n")},
		"x.go":       {Data: []byte("package x\n")},
		"sub/y.yaml": {Data: []byte("y: 1\n")},
	}
	got := brokenLinks(fsys, "docs/a.md")
	want := []string{
		"docs/a.md:6: link to c.md: no such file",
		"docs/a.md:6: link to b.md#nope: docs/b.md has no heading with the anchor #nope",
		"docs/a.md:6: link to #nope: docs/a.md has no heading with the anchor #nope",
		"docs/a.md:6: link to ../../x.go: no such file",
	}
	if !slices.Equal(got, want) {
		t.Errorf("brokenLinks found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

var (
	mdLink   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	codeSpan = regexp.MustCompile("`[^`]*`")
)

// brokenLinks returns a line for every relative link in the Markdown file of fsys that
// does not resolve within fsys.
func brokenLinks(fsys fs.FS, file string) []string {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", file, err)}
	}
	var problems []string
	dir := path.Dir(file)
	inFence := false
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for _, m := range mdLink.FindAllStringSubmatch(codeSpan.ReplaceAllString(line, ""), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			name, anchor, _ := strings.Cut(target, "#")
			resolved := file
			if name != "" {
				resolved = path.Join(dir, name)
			}
			if _, err := fs.Stat(fsys, resolved); err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: link to %s: no such file", file, i+1, target))
				continue
			}
			if anchor == "" || !strings.HasSuffix(resolved, ".md") {
				continue
			}
			text, err := fs.ReadFile(fsys, resolved)
			if err != nil || !slices.Contains(anchors(string(text)), anchor) {
				problems = append(problems, fmt.Sprintf("%s:%d: link to %s: %s has no heading with the anchor #%s", file, i+1, target, resolved, anchor))
			}
		}
	}
	return problems
}

// anchors returns the anchors GitHub gives the ATX headings of a Markdown text: lower
// case, punctuation dropped, spaces as hyphens, a repeated anchor numbered -1, -2, ….
func anchors(md string) []string {
	var out []string
	seen := map[string]int{}
	inFence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimLeft(line, "#")
		if title == "" || title[0] != ' ' {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(title)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			out = append(out, fmt.Sprintf("%s-%d", a, n))
		} else {
			out = append(out, a)
		}
		seen[a]++
	}
	return out
}

// TestDocsNameRealTests: every test that docs/ cites as evidence (docs/security.md names
// one per requirement) exists, so the evidence cannot go stale when a test is renamed.
func TestDocsNameRealTests(t *testing.T) {
	defined := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && p != "." {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range decl.FindAllSubmatch(b, -1) {
				defined[string(m[1])] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	cited := regexp.MustCompile("`(Test[A-Z]\\w*)`")
	n := 0
	for _, f := range docs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cited.FindAllSubmatch(b, -1) {
			n++
			if !defined[string(m[1])] {
				t.Errorf("%s cites %s, which no test file defines", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Errorf("docs cite %d tests; docs/security.md alone cites more", n)
	}
}
