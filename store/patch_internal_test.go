package store

import (
	"testing"

	"github.com/tertial/tertial"
)

// markPatch is a patch from generation from that appends its mark to the dataset's
// municipality name, so that the order patches were applied in can be read off.
func markPatch(from int64, mark string) *cachePatch {
	return &cachePatch{from: from, to: from + 1, apply: func(old *tertial.Dataset) *tertial.Dataset {
		ds := *old
		ds.Municipality.Name += mark
		return &ds
	}}
}

// TestPatchesOutOfOrder: two saves commit as generations 6 and 7 but their patches reach
// the cache in the other order; the later one waits and both apply, in order. A load
// that brings the cache to a generation applies the patch waiting there; a patch the
// cache has passed is dropped.
func TestPatchesOutOfOrder(t *testing.T) {
	db := &DB{cache: map[string]cachedDataset{}}
	ds := &tertial.Dataset{}
	db.cache["0126"] = cachedDataset{generation: 5, ds: ds}
	db.patchCache("0126", markPatch(6, "b")) // 6→7 before 5→6
	if c := db.cache["0126"]; c.generation != 5 {
		t.Fatalf("applied out of order: generation %d", c.generation)
	}
	db.patchCache("0126", markPatch(5, "a"))
	if c := db.cache["0126"]; c.generation != 7 || c.ds.Municipality.Name != "ab" {
		t.Fatalf("after both: generation %d, %q; want 7, \"ab\"", c.generation, c.ds.Municipality.Name)
	}
	if len(db.pending["0126"]) != 0 {
		t.Errorf("pending left: %v", db.pending["0126"])
	}
	db.patchCache("0126", markPatch(3, "x")) // passed
	if c := db.cache["0126"]; c.generation != 7 || c.ds.Municipality.Name != "ab" {
		t.Errorf("a passed patch changed the cache: %d %q", c.generation, c.ds.Municipality.Name)
	}
	// A patch from 9 waits; a load of 8 does not reach it, a load of 9 applies it.
	db.patchCache("0126", markPatch(9, "c"))
	db.cacheMu.Lock()
	db.setCacheLocked("0126", cachedDataset{generation: 8, ds: &tertial.Dataset{}})
	db.cacheMu.Unlock()
	if c := db.cache["0126"]; c.generation != 8 {
		t.Fatalf("load of 8: generation %d", c.generation)
	}
	db.cacheMu.Lock()
	db.setCacheLocked("0126", cachedDataset{generation: 9, ds: &tertial.Dataset{}})
	db.cacheMu.Unlock()
	if c := db.cache["0126"]; c.generation != 10 || c.ds.Municipality.Name != "c" {
		t.Errorf("load of 9: generation %d, %q; want 10, \"c\"", c.generation, c.ds.Municipality.Name)
	}
	// A patch that cannot apply (nil) leaves the generation it started from.
	db.patchCache("0126", &cachePatch{from: 11, to: 12, apply: func(*tertial.Dataset) *tertial.Dataset { return nil }})
	db.patchCache("0126", markPatch(10, "d"))
	if c := db.cache["0126"]; c.generation != 11 || c.ds.Municipality.Name != "cd" {
		t.Errorf("after a patch that cannot apply: generation %d, %q; want 11, \"cd\"", c.generation, c.ds.Municipality.Name)
	}
}
