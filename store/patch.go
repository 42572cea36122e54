package store

import (
	"database/sql"
	"slices"

	"github.com/tertial/tertial"
)

// Carrying a save into the cached dataset.
//
// After a write, the next request finds the municipality's generation moved on and loads
// the whole dataset again (SharedDatasetGeneration): 1–3 ms and many allocations, once per
// save. For the most frequent write, a changed indicator value, the process that wrote
// instead derives the new generation's dataset from the cached one: a copy that shares
// everything but the one indicator, whose values are copied and the saved one replaced by
// the row as the loader reads it, in the writing transaction. This is only done when the
// cached copy is of the generation right before the write's (no one else wrote between),
// so the result is what a full load would give; every other process, and every other
// kind of write, loads again as before. TestPatchedDatasetEqualsLoaded holds the two
// equal.

// cachePatch turns the cached dataset of generation from into that of generation to.
type cachePatch struct {
	from, to int64
	apply    func(*tertial.Dataset) *tertial.Dataset // nil when it cannot
}

// patchCache applies p to the cached dataset of the municipality if it is of generation
// p.from. Two saves that commit one after the other can reach here in the other order:
// a patch that starts from a generation the cache has not reached yet is kept (pending)
// and applied when the cache reaches it, by the earlier write's patch or by a load. A
// patch the cache has passed is dropped; the cache is otherwise left for the next request
// to load.
func (db *DB) patchCache(code string, p *cachePatch) {
	if p.from <= 0 || p.to != p.from+1 {
		return
	}
	db.cacheMu.Lock()
	defer db.cacheMu.Unlock()
	cur, ok := db.cache[code]
	switch {
	case !ok || cur.generation > p.from:
		return
	case cur.generation < p.from:
		if db.pending == nil {
			db.pending = map[string]map[int64]*cachePatch{}
		}
		pend := db.pending[code]
		if pend == nil {
			pend = map[int64]*cachePatch{}
			db.pending[code] = pend
		}
		if len(pend) < maxPendingPatches {
			pend[p.from] = p
		}
		return
	}
	if ds := p.apply(cur.ds); ds != nil {
		db.setCacheLocked(code, cachedDataset{generation: p.to, ds: ds})
	}
}

// maxPendingPatches bounds the patches kept for a municipality while an earlier one is
// awaited: more writes than that in flight at once, and the next request loads.
const maxPendingPatches = 64

// setCacheLocked caches a municipality's dataset of a generation, then applies the
// pending patches that continue from it, in order, and forgets those it has passed.
// db.cacheMu is held.
func (db *DB) setCacheLocked(code string, c cachedDataset) {
	pend := db.pending[code]
	for {
		p, ok := pend[c.generation]
		if !ok {
			break
		}
		delete(pend, c.generation)
		ds := p.apply(c.ds)
		if ds == nil {
			break
		}
		c = cachedDataset{generation: p.to, ds: ds}
	}
	db.cache[code] = c
	for from := range pend {
		if from < c.generation {
			delete(pend, from)
		}
	}
}

// indicatorValuePatch reads an indicator's values as the dataset loader does, after a
// write of the year's value (changed, new or removed), and returns the patch that makes a
// dataset's values of the indicator what the loader would read: the years in the loader's
// order (pos, year), the saved one as read here and the others as the dataset held them.
// The write touched only the year's row, so the others' rows and order are as before; a
// dataset whose other years differ from the database's returns nil (the next request
// loads).
func indicatorValuePatch(tx *Tx, muni, indicatorID string, year int) (func(*tertial.Dataset) *tertial.Dataset, error) {
	var years []int
	var saved *tertial.IndicatorValue
	err := tx.query(`SELECT `+indicatorValueColumns+` FROM indicator_values WHERE muni = ? AND indicator_id = ? ORDER BY pos, year`,
		[]any{muni, indicatorID}, func(r *sql.Rows) error {
			_, v, err := scanIndicatorValue(r.Scan)
			if err != nil {
				return err
			}
			years = append(years, v.Year)
			if v.Year == year {
				saved = &v
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return func(old *tertial.Dataset) *tertial.Dataset {
		i := slices.IndexFunc(old.Indicators, func(ind tertial.Indicator) bool { return ind.ID == indicatorID })
		if i < 0 {
			return nil
		}
		var others []tertial.IndicatorValue
		for _, v := range old.Indicators[i].Values {
			if v.Year != year {
				others = append(others, v)
			}
		}
		values := make([]tertial.IndicatorValue, 0, len(years))
		k := 0
		for _, y := range years {
			if y == year {
				values = append(values, old.Indicators[i].WithDerivedValue(*saved))
				continue
			}
			if k >= len(others) || others[k].Year != y {
				return nil
			}
			values = append(values, others[k])
			k++
		}
		if k != len(others) {
			return nil
		}
		if len(values) == 0 {
			values = nil
		}
		ds := *old
		ds.Indicators = slices.Clone(old.Indicators)
		ds.Indicators[i].Values = values
		return &ds
	}, nil
}
