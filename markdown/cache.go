package markdown

import (
	"container/list"
	"html/template"
	"sync"
)

// cache holds rendered texts up to a total of bytes, dropping the least recently used
// first. It is safe for concurrent use.
type cache struct {
	maxBytes int // the most bytes it holds (see size)
	maxInput int // the longest text it holds
	mu       sync.Mutex
	bytes    int
	order    list.List // of *cacheEntry, most recently used first
	entries  map[cacheKey]*list.Element
}

type cacheKey struct {
	src   string
	level int
}

type cacheEntry struct {
	key  cacheKey
	html template.HTML
}

// entryOverhead is what an entry costs besides its text and HTML (the map's slot, the list
// element, the strings' headers), counted so that many small entries are bounded too.
const entryOverhead = 128

func size(k cacheKey, html template.HTML) int { return len(k.src) + len(html) + entryOverhead }

func newCache(maxBytes, maxInput int) *cache {
	return &cache{maxBytes: maxBytes, maxInput: maxInput, entries: map[cacheKey]*list.Element{}}
}

func (c *cache) get(k cacheKey) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).html, true
}

// put adds an entry, unless its text is longer than maxInput or it alone would pass
// maxBytes, and drops the least recently used ones until the cache is within maxBytes.
func (c *cache) put(k cacheKey, html template.HTML) {
	n := size(k, html)
	if len(k.src) > c.maxInput || n > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok { // another request rendered it meanwhile
		c.order.MoveToFront(e)
		return
	}
	c.entries[k] = c.order.PushFront(&cacheEntry{k, html})
	c.bytes += n
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		old := c.order.Remove(last).(*cacheEntry)
		delete(c.entries, old.key)
		c.bytes -= size(old.key, old.html)
	}
}

func (c *cache) has(k cacheKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.entries[k]
	return ok
}

func (c *cache) stats() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}
