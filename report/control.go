package report

import (
	"strconv"

	"github.com/tertial/tertial"
)

// risks lists the risk-reducing actions with their risk, status and comment.
func (b *builder) risks() *Table {
	t := &Table{ID: "riskreducerande-atgarder", Class: "control", Caption: "Riskreducerande åtgärder",
		Head: [][]HeadCell{{{Text: "Mål / process"}, {Text: "Risk"}, {Text: "Åtgärd"}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermComment)}}}}
	for _, r := range b.ds.Risks {
		if !b.scope.Includes(r.Unit) {
			continue
		}
		risk := Cell{Col: "risk", Markdown: r.Risk}
		if r.Probability > 0 && r.Consequence > 0 {
			risk.Detail = "sannolikhet " + itoa(r.Probability) + " × konsekvens " + itoa(r.Consequence) + " = " + itoa(r.Probability*r.Consequence)
		}
		for _, a := range r.Actions {
			f := StatusFollowup(a.Followups, r.Unit, b.per)
			t.Rows = append(t.Rows, Row{ID: "atgard-" + a.ID, Header: Cell{Text: r.Process},
				Cells: []Cell{risk, {Col: "action", Markdown: a.Action}, statusCell(b.w, f), commentCell(f)}})
		}
	}
	return t
}

// audits lists the actions on findings of audits and external reviews.
func (b *builder) audits() *Table {
	t := &Table{ID: "atgarder-granskning", Class: "control", Caption: "Åtgärder utifrån revision eller extern granskning",
		Head: [][]HeadCell{{{Text: "Revision / granskning"}, {Text: "Bakgrund"}, {Text: "Åtgärd"}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermComment)}}}}
	for _, a := range b.ds.Audits {
		if !b.scope.Includes(a.Unit) {
			continue
		}
		f := StatusFollowup(a.Followups, a.Unit, b.per)
		h := Cell{Text: a.Title}
		if a.CaseNumber != "" {
			h.Detail = "Diarienummer " + a.CaseNumber
		}
		t.Rows = append(t.Rows, Row{ID: "granskning-" + a.ID, Header: h,
			Cells: []Cell{{Col: "background", Markdown: a.Background}, {Col: "action", Markdown: a.Action}, statusCell(b.w, f), commentCell(f)}})
	}
	return t
}

// controls lists the systematic controls.
func (b *builder) controls() *Table {
	t := &Table{ID: "systematiska-kontroller", Class: "control", Caption: "Systematiska kontroller",
		Head: [][]HeadCell{{{Text: "Mål / process"}, {Text: "Kontroll"}, {Text: "Varför görs kontrollen?"}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermComment)}}}}
	for _, c := range b.ds.Controls {
		if !b.scope.Includes(c.Unit) {
			continue
		}
		f := StatusFollowup(c.Followups, c.Unit, b.per)
		t.Rows = append(t.Rows, Row{ID: "kontroll-" + c.ID, Header: Cell{Text: c.Process},
			Cells: []Cell{{Col: "control", Markdown: c.Control}, {Col: "reason", Markdown: c.Reason}, statusCell(b.w, f), commentCell(f)}})
	}
	return t
}

func itoa(n int) string { return strconv.Itoa(n) }
