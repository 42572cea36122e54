package web

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestPageCacheSingleFlight: many requests for one page at once build it once, and all
// get what that build made.
func TestPageCacheSingleFlight(t *testing.T) {
	c := newPageCache(1 << 20)
	key := pageKey{kind: "report", muni: "0126", unit: "ks", period: "2021-08", generation: 7}
	const n = 200
	release := make(chan struct{})
	builds := 0
	build := func() ([]byte, error) {
		builds++ // only ever one build at a time for the key, so no race (go test -race says so)
		<-release
		return []byte("rapporten"), nil
	}
	var wg sync.WaitGroup
	got := make([]string, n)
	for i := range n {
		wg.Go(func() {
			b, err := c.get(key, build)
			if err != nil {
				t.Error(err)
			}
			got[i] = string(b)
		})
	}
	// Every request has asked (a miss each: none found the page kept) before the one build
	// may end; then none may start another.
	for c.misses.Load() < n {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if builds != 1 || c.builds.Load() != 1 {
		t.Errorf("%d requests at once built the page %d times, want 1", n, builds)
	}
	for i, g := range got {
		if g != "rapporten" {
			t.Fatalf("request %d got %q", i, g)
		}
	}
	// Now it is kept: no build.
	if b, _ := c.get(key, func() ([]byte, error) { t.Error("built again"); return nil, nil }); string(b) != "rapporten" {
		t.Errorf("kept page: %q", b)
	}
	if c.hits.Load() != 1 {
		t.Errorf("hits = %d, want 1", c.hits.Load())
	}
}

// TestPageCacheErrors: a failed build is given to its waiters but not kept, and a build
// that panics leaves no one waiting for ever.
func TestPageCacheErrors(t *testing.T) {
	c := newPageCache(1 << 20)
	key := pageKey{kind: "report", muni: "0126", generation: 1}
	boom := errors.New("boom")
	if _, err := c.get(key, func() ([]byte, error) { return nil, boom }); err != boom {
		t.Fatalf("err = %v", err)
	}
	b, err := c.get(key, func() ([]byte, error) { return []byte("ok"), nil })
	if err != nil || string(b) != "ok" {
		t.Fatalf("after a failed build: %q, %v (the failure was kept?)", b, err)
	}
	pkey := pageKey{kind: "report", muni: "0126", generation: 2}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		c.get(pkey, func() ([]byte, error) { panic("kaboom") })
	}()
	if b, err := c.get(pkey, func() ([]byte, error) { return []byte("again"), nil }); err != nil || string(b) != "again" {
		t.Errorf("after a panicking build: %q, %v", b, err)
	}
}

// TestPageCacheBound: the bytes kept never exceed the bound; the least recently used page
// goes first; a page of a newer generation replaces the older one of the same page; a page
// larger than the bound is served but not kept.
func TestPageCacheBound(t *testing.T) {
	const max = 1000
	c := newPageCache(max)
	page := func(s string, n int) func() ([]byte, error) {
		return func() ([]byte, error) { return []byte(strings.Repeat(s, n)), nil }
	}
	key := func(unit string, gen int64) pageKey {
		return pageKey{kind: "report", muni: "0126", unit: unit, period: "2021-08", generation: gen}
	}
	kept := func(k pageKey) bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.entries[k]
		return ok
	}
	check := func() {
		t.Helper()
		size, _ := c.stats()
		if size > max {
			t.Fatalf("%d bytes kept, bound %d", size, max)
		}
		var sum int64
		for e := c.lru.Front(); e != nil; e = e.Next() {
			sum += int64(len(e.Value.(*pageEntry).body))
		}
		if sum != size {
			t.Fatalf("size says %d, the pages hold %d", size, sum)
		}
	}
	for _, u := range []string{"a", "b", "c"} {
		c.get(key(u, 1), page(u, 300))
		check()
	}
	c.get(key("a", 1), page("x", 1)) // a is used again: b is now the least recently used
	c.get(key("d", 1), page("d", 300))
	check()
	if kept(key("b", 1)) || !kept(key("a", 1)) || !kept(key("c", 1)) || !kept(key("d", 1)) {
		t.Error("not the least recently used page went")
	}
	// A newer generation of a replaces the old one at once.
	c.get(key("a", 2), page("A", 200))
	check()
	if kept(key("a", 1)) || !kept(key("a", 2)) {
		t.Error("the older generation of a is still kept")
	}
	// An older generation built late (a slow request) does not push out the newer.
	c.get(key("a", 1), page("a", 10))
	if kept(key("a", 1)) || !kept(key("a", 2)) {
		t.Error("a page of an older generation replaced the newer")
	}
	// Too large to keep, but served.
	b, err := c.get(key("e", 1), page("e", max+1))
	if err != nil || len(b) != max+1 {
		t.Errorf("a page over the bound: %d bytes, %v", len(b), err)
	}
	if kept(key("e", 1)) {
		t.Error("a page over the bound is kept")
	}
	check()
	// Many pages: the bound holds throughout.
	for i := range 100 {
		c.get(key(strings.Repeat("u", i+1), 1), page("z", 10+i*7))
		check()
	}
	// A cache of no bytes keeps nothing and still builds.
	none := newPageCache(-1)
	if b, _ := none.get(key("a", 1), page("a", 3)); string(b) != "aaa" {
		t.Errorf("no-bytes cache served %q", b)
	}
	if size, n := none.stats(); size != 0 || n != 0 {
		t.Errorf("no-bytes cache keeps %d pages", n)
	}
}
