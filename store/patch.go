package store

import (
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
// p.from; otherwise the cache is left for the next request to load.
func (db *DB) patchCache(code string, p *cachePatch) {
	if p.from <= 0 || p.to != p.from+1 {
		return
	}
	db.cacheMu.Lock()
	defer db.cacheMu.Unlock()
	cur, ok := db.cache[code]
	if !ok || cur.generation != p.from {
		return
	}
	if ds := p.apply(cur.ds); ds != nil {
		db.cache[code] = cachedDataset{generation: p.to, ds: ds}
	}
}

// indicatorValuePatch reads an indicator's value for a year as the dataset loader does and
// returns the patch that puts it in a dataset in place of the year's value there.
func indicatorValuePatch(tx *Tx, muni, indicatorID string, year int) (func(*tertial.Dataset) *tertial.Dataset, error) {
	row := tx.tx.QueryRowContext(tx.ctx, tx.rebind(`SELECT `+indicatorValueColumns+` FROM indicator_values WHERE muni = ? AND indicator_id = ? AND year = ?`), muni, indicatorID, year)
	_, v, err := scanIndicatorValue(row.Scan)
	if err != nil {
		return nil, err
	}
	return func(old *tertial.Dataset) *tertial.Dataset {
		i := slices.IndexFunc(old.Indicators, func(ind tertial.Indicator) bool { return ind.ID == indicatorID })
		if i < 0 {
			return nil
		}
		j := slices.IndexFunc(old.Indicators[i].Values, func(x tertial.IndicatorValue) bool { return x.Year == year })
		if j < 0 {
			return nil
		}
		ds := *old
		ds.Indicators = slices.Clone(old.Indicators)
		ind := &ds.Indicators[i]
		ind.Values = slices.Clone(ind.Values)
		ind.Values[j] = ind.WithDerivedValue(v)
		return &ds
	}, nil
}
