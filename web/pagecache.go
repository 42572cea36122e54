package web

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// The page cache keeps what the site renders from a municipality's dataset alone (the
// report of a unit's period, the goal tree of the period page) as bytes, under the
// dataset's generation. Every write of the municipality's data moves the generation on in
// its own transaction (store.DB.SharedDatasetGeneration), and every request reads the
// generation from the database with one indexed query, so a write by any server, also
// another process on the same PostgreSQL database, makes the next request build anew:
// nothing is ever served from an older generation. There is no expiry by time.
//
// Requests that want the same page at once build it once (single flight): the first
// builds, the others wait for its result. Memory is bounded by the bytes kept, least
// recently used first out; and since generations only grow, a page of an older generation
// can never be asked for again and goes as soon as a newer one of the same page is kept.

// DefaultPageCacheBytes is the memory the page cache may hold unless Options.PageCacheBytes
// says otherwise: the demo's report is about 0.3 MB, a consolidated report of 30 boards 7 MB.
const DefaultPageCacheBytes = 64 << 20

// pageKey names a cached page: its kind ("report", "period-goals"), the municipality's
// data it is built from, and a variant for what else it depends on.
type pageKey struct {
	kind, muni, unit, period, variant string
	generation                        int64
}

// page is the part of the key without the generation: the same page at another time.
type pageName struct{ kind, muni, unit, period, variant string }

func (k pageKey) name() pageName { return pageName{k.kind, k.muni, k.unit, k.period, k.variant} }

type pageEntry struct {
	key  pageKey
	body []byte
}

// flight is one build of a page that others may wait for.
type flight struct {
	done chan struct{}
	body []byte
	err  error
}

// pageCache is a byte-bounded LRU of rendered pages with single-flight builds. The zero
// value is not usable; see newPageCache.
type pageCache struct {
	max int64 // bytes; 0 or less keeps nothing (every request builds, still single-flight)

	mu      sync.Mutex
	size    int64
	lru     *list.List // of *pageEntry, most recently used first
	entries map[pageKey]*list.Element
	latest  map[pageName]*list.Element // the one kept generation of each page
	flights map[pageKey]*flight

	hits, misses, builds atomic.Int64
}

func newPageCache(maxBytes int64) *pageCache {
	return &pageCache{max: maxBytes, lru: list.New(), entries: map[pageKey]*list.Element{},
		latest: map[pageName]*list.Element{}, flights: map[pageKey]*flight{}}
}

// get returns the page of key, building it with build when it is not kept. Concurrent
// gets of one key share one build; an error is returned to every waiter and not kept.
// The returned bytes are shared and must not be changed.
func (c *pageCache) get(key pageKey, build func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		c.hits.Add(1)
		return e.Value.(*pageEntry).body, nil
	}
	c.misses.Add(1)
	if f, ok := c.flights[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.body, f.err
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.mu.Unlock()

	defer func() {
		c.mu.Lock()
		delete(c.flights, key)
		if f.err == nil && f.body != nil {
			c.add(key, f.body)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	c.builds.Add(1)
	f.err = errPanicked // if build panics, the waiters get an error, not a nil page
	f.body, f.err = build()
	return f.body, f.err
}

// add keeps a page; c.mu is held.
func (c *pageCache) add(key pageKey, body []byte) {
	n := int64(len(body))
	if n > c.max {
		return
	}
	if e, ok := c.latest[key.name()]; ok {
		if e.Value.(*pageEntry).key.generation > key.generation {
			return // a newer generation is kept already; this one is of the past
		}
		c.remove(e)
	}
	e := c.lru.PushFront(&pageEntry{key: key, body: body})
	c.entries[key] = e
	c.latest[key.name()] = e
	c.size += n
	for c.size > c.max {
		c.remove(c.lru.Back())
	}
}

// remove drops an entry; c.mu is held.
func (c *pageCache) remove(e *list.Element) {
	pe := e.Value.(*pageEntry)
	c.lru.Remove(e)
	delete(c.entries, pe.key)
	if c.latest[pe.key.name()] == e {
		delete(c.latest, pe.key.name())
	}
	c.size -= int64(len(pe.body))
}

// stats returns the bytes and pages kept.
func (c *pageCache) stats() (bytes int64, pages int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, c.lru.Len()
}

type panicked struct{}

func (panicked) Error() string { return "building the page failed" }

var errPanicked error = panicked{}
