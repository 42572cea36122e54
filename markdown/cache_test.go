package markdown

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"testing"
)

// The cache counts each entry's text, HTML and overhead, drops the least recently used
// first, and never holds a text above its input cap or an entry above its whole bound.
func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	const maxBytes, maxInput = 1000, 300
	c := newCache(maxBytes, maxInput)
	sizes := map[string]int{} // key → its text and HTML, as put
	key := func(name string, n int) cacheKey { return cacheKey{name + strings.Repeat("x", n-len(name)), 3} }
	var before []string // what the previous step left
	for i, step := range []struct {
		op           string // put or get
		name         string
		srcLen, html int
		want         []string // the keys held, most recently used first
	}{
		{"put", "a", 100, 100, []string{"a"}},
		{"put", "b", 100, 100, []string{"b", "a"}},
		{"put", "c", 100, 100, []string{"c", "b", "a"}},
		{"get", "a", 100, 0, []string{"a", "c", "b"}},
		{"put", "d", 50, 50, []string{"d", "a", "c"}},           // b, least recently used, goes
		{"put", "e", maxInput + 1, 10, []string{"d", "a", "c"}}, // too long a text
		{"put", "f", 10, maxBytes, []string{"d", "a", "c"}},     // larger than the whole cache
		{"put", "g", 200, 200, []string{"g", "d"}},              // c and a go
		{"put", "d", 50, 50, []string{"d", "g"}},                // held already: only used
		{"get", "zz", 10, 0, []string{"d", "g"}},                // absent
		{"put", "h", maxInput, 10, []string{"h", "d"}},          // at the input cap; g goes
		{"get", "d", 50, 0, []string{"d", "h"}},
		{"get", "g", 200, 0, []string{"d", "h"}},                       // gone
		{"put", "i", 10, maxBytes - 10 - entryOverhead, []string{"i"}}, // exactly the bound
	} {
		k := key(step.name, step.srcLen)
		if step.op == "put" {
			c.put(k, template.HTML(strings.Repeat("h", step.html)))
			if _, seen := sizes[step.name]; !seen {
				sizes[step.name] = step.srcLen + step.html
			}
		} else if out, ok := c.get(k); ok != slices.Contains(before, step.name) || (ok && len(out) != sizes[step.name]-step.srcLen) {
			t.Errorf("step %d: get %s = %d bytes, %v", i, step.name, len(out), ok)
		}
		var held []string
		for e := c.order.Front(); e != nil; e = e.Next() {
			held = append(held, e.Value.(*cacheEntry).key.src[:1])
		}
		wantBytes := 0
		for _, name := range step.want {
			wantBytes += sizes[name] + entryOverhead
		}
		entries, bytes := c.stats()
		if strings.Join(held, " ") != strings.Join(step.want, " ") || entries != len(step.want) || bytes != wantBytes {
			t.Errorf("step %d (%s %s): holds %v (%d entries, %d bytes), want %v (%d bytes)", i, step.op, step.name, held, entries, bytes, step.want, wantBytes)
		}
		if bytes > maxBytes {
			t.Errorf("step %d: %d bytes, above the bound %d", i, bytes, maxBytes)
		}
		before = step.want
	}
}

// Many large distinct texts, as a user saving or showing one text after another, keep
// the cache within its bound while it goes on caching.
func TestCacheBoundedUnderManyLargeRenders(t *testing.T) {
	saved := shared
	defer func() { shared = saved }()
	const bound = 1 << 20
	shared = newCache(bound, 128<<10)
	most := 0
	for i := range 60 {
		src := fmt.Sprintf("### Text %d\n\n%s", i, strings.Repeat(fmt.Sprintf("Ord %d och **fler** ord. ", i), 4000)) // about 100 KiB
		HTML(src, 3)
		_, bytes := shared.stats()
		if bytes > bound {
			t.Fatalf("after %d texts the cache holds %d bytes, above %d", i+1, bytes, bound)
		}
		most = max(most, bytes)
		if !Cached(src, 3) {
			t.Fatalf("text %d (%d bytes) is not cached", i, len(src))
		}
	}
	if entries, _ := shared.stats(); entries < 2 || most < bound/2 {
		t.Errorf("the cache held at most %d bytes and now %d texts: it hardly caches", most, entries)
	}
	long := strings.Repeat("Långt. ", 20000) // 140 KB, above the input cap
	HTML(long, 3)
	if Cached(long, 3) {
		t.Error("a text above the input cap is cached")
	}
}
