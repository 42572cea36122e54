package tertial_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		text string
		bad  string // in the message; "" when the text is fine
	}{
		{"", ""},
		{"Vanlig text med å, ä, ö och 😀.", ""},
		{"rad 1\nrad 2\ttabb", ""},
		{"hårt\u00a0mellanslag och\u2028radseparator", ""},
		{"a\x00b", "U+0000"},
		{"a\rb", "U+000D"},
		{"\x1b[31m", "U+001B"},
		{"del\x7f", "U+007F"},
		{"c1\u0085", "U+0085"},
		{"Bj\xf6rn", "UTF-8"},
	} {
		got := tertial.CheckText(c.text)
		if (got == "") != (c.bad == "") || !strings.Contains(got, c.bad) {
			t.Errorf("CheckText(%q) = %q, want a message with %q", c.text, got, c.bad)
		}
	}
	if got := tertial.CheckText("abc\x00"); !strings.Contains(got, "vid tecken 4") {
		t.Errorf("the message does not say where: %q", got)
	}
}

func TestNormalizeNewlines(t *testing.T) {
	if got := tertial.NormalizeNewlines("a\r\nb\rc\nd"); got != "a\nb\nc\nd" {
		t.Errorf("got %q", got)
	}
}

func dec(s string) *tertial.Decimal {
	d, err := tertial.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// paths returns the paths of problems, joined for comparison.
func paths(ps []tertial.Problem) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Path
	}
	return strings.Join(s, ",")
}

func TestIndicatorValueValidate(t *testing.T) {
	plain, split := &tertial.Indicator{}, &tertial.Indicator{Gender: true}
	for _, c := range []struct {
		name string
		v    tertial.IndicatorValue
		ind  *tertial.Indicator
		want string
	}{
		{"a value", tertial.IndicatorValue{Year: 2021, Value: dec("8.9")}, plain, ""},
		{"missing with a note", tertial.IndicatorValue{Year: 2021, Missing: tertial.MissingNotReported, Note: "Kommer i oktober."}, plain, ""},
		{"women and men only", tertial.IndicatorValue{Year: 2021, Women: dec("1"), Men: dec("2")}, split, ""},
		{"a note alone", tertial.IndicatorValue{Year: 2021, Note: "Kommer."}, plain, "value"},
		{"value and missing", tertial.IndicatorValue{Year: 2021, Value: dec("1"), Missing: tertial.MissingNotMeasured}, plain, "missing"},
		{"unknown reason", tertial.IndicatorValue{Year: 2021, Missing: "bogus"}, plain, "missing"},
		{"unknown kind", tertial.IndicatorValue{Year: 2021, Value: dec("1"), Kind: "guess"}, plain, "kind"},
		{"gender on a plain indicator", tertial.IndicatorValue{Year: 2021, Value: dec("1"), Women: dec("1"), Men: dec("2")}, plain, "women,men"},
		{"year out of range", tertial.IndicatorValue{Year: 1850, Value: dec("1")}, plain, "year"},
		{"NUL in the note", tertial.IndicatorValue{Year: 2021, Value: dec("1"), Note: "a\x00"}, plain, "note"},
	} {
		if got := paths(c.v.Validate(c.ind)); got != c.want {
			t.Errorf("%s: problems at %q, want %q", c.name, got, c.want)
		}
	}
}

func TestFollowupsValidate(t *testing.T) {
	hundredOne, fifty := 101, 50
	def := &tertial.Municipality{} // the default scales
	// A municipality with a five-level goal scale and a status scale of four statuses.
	own := &tertial.Municipality{Scales: map[tertial.ScaleKind][]tertial.ScaleLevel{
		tertial.ScaleGoals: {{ID: "helt", Name: "Helt uppfyllt"}, {ID: "i_huvudsak", Name: "I huvudsak uppfyllt"},
			{ID: "delvis", Name: "Delvis uppfyllt"}, {ID: "inte", Name: "Inte uppfyllt"}, {ID: "kan_inte", Name: "Kan inte bedömas"}},
		tertial.ScaleStatuses: {{ID: "done", Name: "Genomförd"}, {ID: "on_track", Name: "Pågår"}, {ID: "not_started", Name: "Ej påbörjad"}, {ID: "cancelled", Name: "Avbruten"}},
	}}
	for _, c := range []struct {
		name string
		ps   []tertial.Problem
		want string
	}{
		{"goal", (&tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Text."}).Validate(def), ""},
		{"goal without assessment", (&tertial.GoalFollowup{}).Validate(def), ""},
		{"unknown assessment", (&tertial.GoalFollowup{Assessment: "bogus"}).Validate(def), "assessment"},
		{"bell in an analysis", (&tertial.GoalFollowup{Analysis: "\a"}).Validate(def), "analysis"},
		{"own scale's level", (&tertial.GoalFollowup{Assessment: "i_huvudsak"}).Validate(own), ""},
		{"own scale's level, default scale", (&tertial.GoalFollowup{Assessment: "i_huvudsak"}).Validate(def), "assessment"},
		{"default level, own scale", (&tertial.GoalFollowup{Assessment: tertial.AssessPartly}).Validate(own), "assessment"},
		{"status", (&tertial.StatusFollowup{Status: tertial.StatusDone, Progress: &fifty}).Validate(def), ""},
		{"unknown status", (&tertial.StatusFollowup{Status: "bogus"}).Validate(def), "status"},
		{"status in the own scale", (&tertial.StatusFollowup{Status: tertial.StatusOnTrack}).Validate(own), ""},
		{"status outside the own scale", (&tertial.StatusFollowup{Status: tertial.StatusWillComplete}).Validate(own), "status"},
		{"progress 101", (&tertial.StatusFollowup{Progress: &hundredOne}).Validate(def), "progress"},
		{"escape in a comment", (&tertial.StatusFollowup{Comment: "\x1b"}).Validate(def), "comment"},
		{"text", (&tertial.TextSection{Body: "Text."}).Validate(), ""},
		{"empty text", (&tertial.TextSection{Body: " \n"}).Validate(), "body"},
		{"long comment", tertial.ValidateComment(strings.Repeat("å", tertial.MaxCommentLength+1)), "comment"},
		{"comment at the limit", tertial.ValidateComment(strings.Repeat("å", tertial.MaxCommentLength)), ""},
	} {
		if got := paths(c.ps); got != c.want {
			t.Errorf("%s: problems at %q, want %q", c.name, got, c.want)
		}
	}
}

func TestYearTargetValidate(t *testing.T) {
	for _, c := range []struct {
		target tertial.Target
		want   string
	}{
		{tertial.Target{}, ""},
		{tertial.Target{Kind: tertial.TargetAtLeast, Value: *dec("2"), Unit: "%"}, ""},
		{tertial.Target{Kind: tertial.TargetAtLeast, Value: *dec("2"), Unit: "\x00"}, "target"},
		// A unit that reads back as part of the number is not the same target.
		{tertial.Target{Kind: tertial.TargetAtLeast, Value: *dec("2"), Unit: "5"}, "target"},
		// A change is measured from a year before the target's.
		{tertial.Target{Kind: tertial.TargetIncrease, Base: 2019}, ""},
		{tertial.Target{Kind: tertial.TargetChange, Value: *dec("5"), Unit: "%", Base: 2020}, ""},
		{tertial.Target{Kind: tertial.TargetIncrease, Base: 2021}, "target"},
		{tertial.Target{Kind: tertial.TargetDecrease, Base: 2023}, "target"},
		// Only a change has a base year; on a level it would be lost.
		{tertial.Target{Kind: tertial.TargetAtLeast, Value: *dec("2"), Base: 2019}, "target"},
	} {
		yt := tertial.YearTarget{Year: 2021, Target: c.target}
		if got := paths(yt.Validate()); got != c.want {
			t.Errorf("%+v: problems at %q, want %q", c.target, got, c.want)
		}
	}
}

func TestTableRowsValidate(t *testing.T) {
	money := &tertial.MoneyTable{Columns: []tertial.MoneyColumn{tertial.ColBudget, tertial.ColForecast}}
	row := &tertial.MoneyRow{Label: "Intäkter", Amounts: map[tertial.MoneyColumn]tertial.Amount{tertial.ColForecast: 100, tertial.ColPriorOutcome: 5}, Comment: "\x00"}
	if got := paths(money.ValidateRow(row)); got != "prior_outcome,comment" {
		t.Errorf("money row: problems at %q", got)
	}
	free := &tertial.FreeTable{Columns: []tertial.FreeColumn{
		{ID: "namn", Type: tertial.ColText}, {ID: "a", Type: tertial.ColAmount}, {ID: "netto", Type: tertial.ColAmount, Formula: tertial.Formula{{Column: "a"}}}}}
	fr := &tertial.FreeRow{Cells: map[string]tertial.Cell{"namn": {Text: "x\x00"}, "a": {Amount: 5}, "netto": {Amount: 5}, "okand": {}}}
	if got := paths(free.ValidateRow(fr)); got != "cells.namn,cells.netto,cells.okand" {
		t.Errorf("free row: problems at %q", got)
	}
}

func TestInvalidCarriesProblems(t *testing.T) {
	ps := []tertial.Problem{{Path: "note", Message: "fel"}}
	err := tertial.Invalid(ps)
	if tertial.ErrorCode(err) != tertial.EINVALID || paths(tertial.ProblemsOf(err)) != "note" || !strings.Contains(err.Error(), "note: fel") {
		t.Errorf("Invalid: %v %+v", err, tertial.ProblemsOf(err))
	}
}

// TestFreeCellWordsValidate: a numeric cell's word and marks, a formula row's cells and an
// amount's decimals, as the store and every door check them.
func TestFreeCellWordsValidate(t *testing.T) {
	free := &tertial.FreeTable{Unit: tertial.Tkr, Columns: []tertial.FreeColumn{
		{ID: "namn", Type: tertial.ColText}, {ID: "a", Type: tertial.ColAmount}, {ID: "n", Type: tertial.ColCount}, {ID: "d", Type: tertial.ColDate}}}
	for _, c := range []struct {
		name string
		row  tertial.FreeRow
		want string
	}{
		{"marks and a word", tertial.FreeRow{Cells: map[string]tertial.Cell{"a": {Amount: 100_000, Before: "ung", After: "*"}, "n": {Text: "Ej aktuellt"}}}, ""},
		{"a word and a value", tertial.FreeRow{Cells: map[string]tertial.Cell{"n": {Text: "Stängt", Count: 3}}}, "cells.n"},
		{"a word with a mark", tertial.FreeRow{Cells: map[string]tertial.Cell{"n": {Text: "Stängt", After: "*"}}}, "cells.n"},
		{"a word of 41 characters", tertial.FreeRow{Cells: map[string]tertial.Cell{"n": {Text: strings.Repeat("å", 41)}}}, "cells.n.text"},
		{"a word of 40 characters", tertial.FreeRow{Cells: map[string]tertial.Cell{"n": {Text: strings.Repeat("å", 40)}}}, ""},
		{"a mark of 11 characters", tertial.FreeRow{Cells: map[string]tertial.Cell{"a": {Before: "ungefärligen"}}}, "cells.a.before"},
		{"a mark on two lines", tertial.FreeRow{Cells: map[string]tertial.Cell{"a": {After: "*\n*"}}}, "cells.a.after"},
		{"a mark with a control character", tertial.FreeRow{Cells: map[string]tertial.Cell{"a": {After: "\x07"}}}, "cells.a.after"},
		{"marks on text and a date", tertial.FreeRow{Cells: map[string]tertial.Cell{"namn": {Text: "x", After: "*"}, "d": {Before: "ca"}}}, "cells.d.before,cells.namn.after"},
		{"öre finer than the table's precision", tertial.FreeRow{Cells: map[string]tertial.Cell{"a": {Amount: 100_001}}}, "cells.a"},
		{"a formula row's label", tertial.FreeRow{Formula: tertial.Formula{{Column: "x"}}, Cells: map[string]tertial.Cell{"namn": {Text: "Netto"}}}, ""},
		{"a formula row's value", tertial.FreeRow{Formula: tertial.Formula{{Column: "x"}}, Cells: map[string]tertial.Cell{"a": {Amount: 100_000}, "n": {Text: "Stängt"}}}, "cells.a,cells.n"},
		{"a group's formula", tertial.FreeRow{Group: true, Formula: tertial.Formula{{Column: "x"}}}, "formula"},
	} {
		if got := paths(free.ValidateRow(&c.row)); got != c.want {
			t.Errorf("%s: problems at %q, want %q", c.name, got, c.want)
		}
	}
}
