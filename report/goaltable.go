package report

import (
	"strconv"

	"github.com/tertial/tertial"
)

// areaGoal is a goal a goals section shows in a goal area, with its depth below the
// area's shown goals.
type areaGoal struct {
	g     *tertial.Goal
	depth int
}

// areaTables lays out a goal area's goals the way a goals section with layout table
// does: one table of the goals the section shows, with their assessments and their
// analyses as comments; the indicator tables of goals that have indicators; and one table
// of their assignments, grouped by goal, with status, progress and comment.
func (b *builder) areaTables(as *Section, area *tertial.GoalArea, top []*tertial.Goal, ts tertial.Section) {
	var goals []areaGoal
	var walk func(gs []*tertial.Goal, depth int)
	walk = func(gs []*tertial.Goal, depth int) {
		for _, g := range gs {
			if ts.ShowsGoal(g, area) {
				goals = append(goals, areaGoal{g, depth})
				walk(b.scope.Children(g.ID), depth+1)
			} else {
				// A goal the section leaves out still leads to its sub-goals.
				walk(b.scope.Children(g.ID), depth)
			}
		}
	}
	walk(top, 0)
	if len(goals) == 0 {
		return
	}
	as.Blocks = append(as.Blocks, b.areaGoalTable(area, goals))
	for _, ag := range goals {
		if t := b.indicatorTable(ag.g, ts); t != nil {
			as.Blocks = append(as.Blocks, t)
		}
		as.Blocks = append(as.Blocks, b.koladaTables(ag.g)...)
	}
	if t := b.areaAssignmentTable(area, goals); t != nil {
		as.Blocks = append(as.Blocks, t)
	}
}

// commentRow is a note row under a goal or an assignment: "Kommentar:" and the text.
func (b *builder) commentRow(id, text string) Row {
	return Row{ID: id, Class: "comment", Full: true,
		Header: Cell{Col: "comment", Markdown: "**" + markdownEscape(b.w.Of(tertial.TermComment)+":") + "**\n\n" + text}}
}

// areaGoalTable is the table of a goal area's goals: the goal (headed by its level's name,
// or by the word for goals when they are of several levels) and its assessment, with the
// analysis as a comment row under the goal.
func (b *builder) areaGoalTable(area *tertial.GoalArea, goals []areaGoal) *Table {
	names := map[string]string{}
	for _, l := range b.ds.GoalLevels {
		names[l.ID] = l.Name
	}
	head := names[goals[0].g.Level]
	mixed := false
	for _, ag := range goals {
		mixed = mixed || ag.g.Level != goals[0].g.Level
	}
	if mixed || head == "" {
		head = tertial.Capitalize(b.w.Of(tertial.TermGoal))
	}
	t := &Table{ID: b.id("mål " + area.ID), Class: "goals", Caption: head + ": " + area.Name,
		Head: [][]HeadCell{{{Text: head}, {Text: b.w.Of(tertial.TermAssessment)}}}}
	for _, ag := range goals {
		g := ag.g
		c := Cell{Col: "goal", Text: g.Title}
		if g.Description != "" {
			c.Text, c.Markdown = "", markdownEscape(g.Title)+"\n\n"+g.Description
		}
		if mixed {
			c.Detail = names[g.Level]
		}
		ac := Cell{Col: "assessment", Hidden: "ingen bedömning"}
		f := GoalFollowup(g, b.per)
		if f != nil {
			if l, ok := b.w.Level(tertial.ScaleGoals, string(f.Assessment)); ok {
				ac = Cell{Col: "assessment", Text: l.Text, Symbol: l.Symbol, Class: l.Class}
			}
		}
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + g.ID, Depth: ag.depth, Header: c, Cells: []Cell{ac}})
		if f != nil && f.Analysis != "" {
			t.Rows = append(t.Rows, b.commentRow(t.ID+"-"+g.ID+"-kommentar", f.Analysis))
		}
	}
	return t
}

// areaAssignmentTable is the table of the assignments of a goal area's goals, grouped by
// goal: a heading row per goal, then each assignment with its status and progress, and
// its comment in a row under it. Nil when the goals have no assignments.
func (b *builder) areaAssignmentTable(area *tertial.GoalArea, goals []areaGoal) *Table {
	word := b.w.Of(tertial.TermAssignment)
	var t *Table
	for _, ag := range goals {
		as := b.scope.Assignments(ag.g.ID)
		if len(as) == 0 {
			continue
		}
		if t == nil {
			t = &Table{ID: b.id(word + " " + area.ID), Class: "assignments grouped", Caption: word + ": " + area.Name,
				Head: [][]HeadCell{{{Text: word}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermProgress), Numeric: true}}}}
		}
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + ag.g.ID, Class: "group", Full: true, Header: Cell{Col: "goal", Text: ag.g.Title}})
		for _, a := range as {
			f := StatusFollowup(a.Followups, b.ds.AssignmentUnit(a), b.per)
			status := statusCell(b.w, f)
			status.Detail = "" // the progress has a column of its own
			progress := Cell{Col: "progress", Numeric: true}
			if f != nil && f.Progress != nil {
				n := tertial.DecimalFromInt(int64(*f.Progress))
				progress.Text, progress.Number = strconv.Itoa(*f.Progress)+" %", &n
			} else {
				progress.Hidden = "ingen uppgift"
			}
			t.Rows = append(t.Rows, Row{ID: t.ID + "-" + a.ID, Depth: 1, Header: assignmentCell(a), Cells: []Cell{status, progress}})
			if f != nil && f.Comment != "" {
				t.Rows = append(t.Rows, b.commentRow(t.ID+"-"+a.ID+"-kommentar", f.Comment))
			}
		}
	}
	return t
}
