package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
)

type verification struct {
	checked   int
	lost      int
	invisible int
	notes     []string
	samples   []string
}

// verify reads every item back after the run, its edit form and its change history, and
// checks that every save the server accepted is there:
//
//   - every accepted save made exactly one new version: the form's version is the
//     version before the run plus the number of accepted saves (fewer is a lost save,
//     one that was answered 303 but overwrote nothing or was overwritten without a
//     conflict);
//   - the form shows the value of the last accepted save;
//   - every accepted value is in the item's change history.
func verify(ctx context.Context, c *client, items []*item) verification {
	var v verification
	var mu sync.Mutex
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	dups, chainBreaks, extra := 0, 0, 0
	for _, it := range items {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r := verifyItem(ctx, c, it)
			mu.Lock()
			defer mu.Unlock()
			v.checked++
			v.lost += r.lost
			v.invisible += r.invisible
			dups += r.dups
			chainBreaks += r.chainBreaks
			extra += r.extra
			v.samples = append(v.samples, r.samples...)
		})
	}
	wg.Wait()
	if dups > 0 {
		v.notes = append(v.notes, fmt.Sprintf("%d saves were accepted from a version another accepted save was also made from", dups))
	}
	if chainBreaks > 0 {
		v.notes = append(v.notes, fmt.Sprintf("%d changes in the history do not start from the value the change before ended with", chainBreaks))
	}
	if extra > 0 {
		v.notes = append(v.notes, fmt.Sprintf("%d versions more than the accepted saves explain: someone else wrote during the run", extra))
	}
	return v
}

type itemCheck struct {
	lost, invisible, dups, chainBreaks, extra int
	samples                                   []string
}

func verifyItem(ctx context.Context, c *client, it *item) itemCheck {
	var r itemCheck
	it.mu.Lock()
	accepted := slices.Clone(it.accepted)
	unknown := it.unknown
	it.mu.Unlock()
	slices.SortStableFunc(accepted, func(a, b acceptedSave) int { return a.base - b.base })

	st, err := c.readForm(ctx, it.path)
	if err != nil {
		r.invisible = len(accepted)
		r.samples = append(r.samples, fmt.Sprintf("verify %s: %v", it.path, err))
		return r
	}
	for i := 1; i < len(accepted); i++ {
		if accepted[i].base == accepted[i-1].base {
			r.dups++
		}
	}
	expected := it.initial.version + len(accepted)
	switch {
	case st.version < expected:
		r.lost = expected - st.version
		r.samples = append(r.samples, fmt.Sprintf("verify %s: version %d, but %d saves were accepted from version %d on", it.path, st.version, len(accepted), it.initial.version))
	case st.version > expected+unknown:
		r.extra = st.version - expected - unknown
	}
	if n := len(accepted); n > 0 && unknown == 0 && st.version == expected {
		last := accepted[n-1]
		if !sameNumber(st.value, last.value) {
			r.invisible++
			r.samples = append(r.samples, fmt.Sprintf("verify %s: shows %q, but the last accepted save (by %s from version %d) was %q", it.path, st.value, last.client, last.base, last.value))
		}
	}

	// The change history: every accepted value must be in it.
	q := url.Values{"kommun": {c.sh.cfg.Municipality}, "typ": {"indicator_value"}, "nyckel": {it.indicator + "/" + strconv.Itoa(it.year)}}
	status, body, _, _, err := c.do(ctx, http.MethodGet, "/historik?"+q.Encode(), nil)
	if err != nil || status != http.StatusOK {
		r.samples = append(r.samples, fmt.Sprintf("verify history of %s: status %d, %v", it.path, status, err))
		r.invisible += len(accepted)
		return r
	}
	var changes []historyChange
	for _, ch := range parseHistory(body) {
		if ch.field == "value" {
			changes = append(changes, ch)
		}
	}
	ours := map[string]bool{}
	for _, a := range accepted {
		ours[canonical(a.value)] = true
	}
	inHistory := map[string]bool{}
	for i, ch := range changes {
		inHistory[canonical(ch.new)] = true
		if i > 0 && ours[canonical(ch.new)] && !sameNumber(ch.old, changes[i-1].new) {
			r.chainBreaks++
		}
	}
	for _, a := range accepted {
		if !inHistory[canonical(a.value)] {
			r.invisible++
			r.samples = append(r.samples, fmt.Sprintf("verify %s: %s's save of %q is not in the history", it.path, a.client, a.value))
		}
	}
	return r
}

// canonical writes a decimal one way, for comparing sets of values.
func canonical(s string) string {
	if x, ok := number(s); ok {
		return x.RatString()
	}
	return s
}
