package web

import (
	"strings"
	"unicode"
)

// diffOp is what a run of a word diff is: kept, removed or added.
type diffOp int

const (
	diffSame diffOp = iota
	diffDel
	diffIns
)

// diffPart is a run of text of one kind in a word diff.
type diffPart struct {
	Op   diffOp
	Text string
}

func (p diffPart) Same() bool     { return p.Op == diffSame }
func (p diffPart) Deleted() bool  { return p.Op == diffDel }
func (p diffPart) Inserted() bool { return p.Op == diffIns }

// maxDiffCells bounds the longest-common-subsequence table of a word diff: two texts
// whose changed middles are larger are shown as the old middle removed and the new one
// added, which is still right, only coarser.
const maxDiffCells = 4_000_000

// wordTokens splits a text into words and the runs of white space between them, so that
// joining the tokens gives the text back exactly.
func wordTokens(s string) []string {
	var out []string
	start := 0
	space := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// wordDiff compares two texts word by word (the longest common subsequence of their
// words and spaces) and returns the runs of kept, removed and added text, in order;
// joining the kept and removed runs gives old, the kept and added ones new.
func wordDiff(old, new string) []diffPart {
	a, b := wordTokens(old), wordTokens(new)
	// The common start and end need no table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var parts []diffPart
	add := func(op diffOp, tok string) {
		if n := len(parts); n > 0 && parts[n-1].Op == op {
			parts[n-1].Text += tok
			return
		}
		parts = append(parts, diffPart{op, tok})
	}
	for _, t := range a[:pre] {
		add(diffSame, t)
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n*m > maxDiffCells {
		add(diffDel, strings.Join(am, ""))
		add(diffIns, strings.Join(bm, ""))
	} else {
		// lcs[i][j] is the length of the longest common subsequence of am[i:] and bm[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n && j < m {
			switch {
			case am[i] == bm[j]:
				add(diffSame, am[i])
				i++
				j++
			case lcs[i+1][j] >= lcs[i][j+1]:
				add(diffDel, am[i])
				i++
			default:
				add(diffIns, bm[j])
				j++
			}
		}
		for ; i < n; i++ {
			add(diffDel, am[i])
		}
		for ; j < m; j++ {
			add(diffIns, bm[j])
		}
	}
	for _, t := range a[len(a)-suf:] {
		add(diffSame, t)
	}
	return tidyDiff(parts)
}

// tidyDiff moves a removed or added run's white space alone between two changes into the
// kept text, so "en röd bil" to "en blå bil" reads as röd → blå, not as pieces.
func tidyDiff(parts []diffPart) []diffPart {
	// A kept run of only white space between a removal and an addition (or the other way
	// round) splits one change in two; merge it into both sides.
	var out []diffPart
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if p.Op == diffSame && strings.TrimSpace(p.Text) == "" && i > 0 && i+1 < len(parts) &&
			parts[i-1].Op != diffSame && parts[i+1].Op != diffSame && len(out) > 0 {
			// Give the space to the removed and the added side alike.
			out = appendPart(out, diffPart{diffDel, p.Text})
			out = appendPart(out, diffPart{diffIns, p.Text})
			continue
		}
		out = appendPart(out, p)
	}
	// Order each change as removed, then added, merging runs of the same kind.
	var final []diffPart
	for i := 0; i < len(out); {
		if out[i].Op == diffSame {
			final = append(final, out[i])
			i++
			continue
		}
		var del, ins strings.Builder
		for i < len(out) && out[i].Op != diffSame {
			if out[i].Op == diffDel {
				del.WriteString(out[i].Text)
			} else {
				ins.WriteString(out[i].Text)
			}
			i++
		}
		if del.Len() > 0 {
			final = append(final, diffPart{diffDel, del.String()})
		}
		if ins.Len() > 0 {
			final = append(final, diffPart{diffIns, ins.String()})
		}
	}
	return final
}

func appendPart(parts []diffPart, p diffPart) []diffPart {
	if n := len(parts); n > 0 && parts[n-1].Op == p.Op {
		parts[n-1].Text += p.Text
		return parts
	}
	return append(parts, p)
}
