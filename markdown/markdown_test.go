package markdown_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/markdown"
)

func TestSanitises(t *testing.T) {
	out := string(markdown.HTML("Text <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://example.org)", 3))
	for _, bad := range []string{"<script", "<img", `href="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q: %s", bad, out)
		}
	}
	if !strings.Contains(out, `<a href="https://example.org">b</a>`) {
		t.Errorf("a safe link is lost: %s", out)
	}
}

func TestHeadingsShift(t *testing.T) {
	for _, c := range []struct {
		level int
		want  string
	}{{3, "<h3>Pandemi</h3>"}, {4, "<h4>Pandemi</h4>"}, {6, "<h6>Pandemi</h6>"}, {9, "<h6>Pandemi</h6>"}} {
		if out := string(markdown.HTML("### Pandemi\n\nText.", c.level)); !strings.Contains(out, c.want) {
			t.Errorf("level %d: %s", c.level, out)
		}
	}
	if out := string(markdown.HTML("#### Under", 4)); !strings.Contains(out, "<h5>Under</h5>") {
		t.Errorf("a sub-heading keeps its depth: %s", out)
	}
}

func TestFormatting(t *testing.T) {
	out := string(markdown.HTML("**Status** och *kursiv*\n\nNy paragraf.", 3))
	for _, want := range []string{"<strong>Status</strong>", "<em>kursiv</em>", "<p>Ny paragraf.</p>"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %s: %s", want, out)
		}
	}
}

// A preview renders as a saved text does but leaves the cache as it was.
func TestPreviewIsNotCached(t *testing.T) {
	src := "### Förhandsgranskning\n\nEn text som bara förhandsgranskas, " + t.Name() + " <script>x</script>."
	entries, bytes := markdown.CacheStats()
	out := markdown.Preview(src, 4)
	if e, b := markdown.CacheStats(); e != entries || b != bytes || markdown.Cached(src, 4) {
		t.Errorf("the cache went from %d entries, %d bytes to %d, %d (holds the preview: %v)", entries, bytes, e, b, markdown.Cached(src, 4))
	}
	if !strings.Contains(string(out), "<h4>Förhandsgranskning</h4>") || strings.Contains(string(out), "<script") {
		t.Errorf("preview: %s", out)
	}
	if saved := markdown.HTML(src, 4); saved != out || !markdown.Cached(src, 4) {
		t.Errorf("HTML gives %s, cached %v; the preview gave %s", saved, markdown.Cached(src, 4), out)
	}
}
