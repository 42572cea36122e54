package dataset

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/tertial/tertial"
)

//go:embed starters.yaml
var startersYAML []byte

// StarterBoardTable is the ID of the boards' money table (their driftredovisning) that
// the starting templates name where the municipality's boards have no money table yet.
const StarterBoardTable = "drift"

var starters = sync.OnceValue(func() []tertial.Template {
	ds, err := Decode(startersYAML, "starters.yaml")
	if err != nil {
		panic(fmt.Sprintf("the built-in starting templates: %v", err)) // a test decodes them
	}
	return ds.Templates
})

// StarterTemplates returns the built-in starting templates (starters.yaml), in order:
// the municipality's årsredovisning and delårsrapport for the council's unit, then a
// board's verksamhetsberättelse and delårsrapport. They are decoded by Decode, so they
// pass the dataset's rules; each call returns copies the caller may change.
func StarterTemplates() []tertial.Template {
	var out []tertial.Template
	for _, t := range starters() {
		out = append(out, tertial.Template{ID: t.ID, Name: t.Name, Sections: tertial.CloneSections(t.Sections)})
	}
	return out
}

// StarterTemplate returns the starting template with the ID made ready for the dataset:
// with an ID no template of the dataset has (the starter's, or it with "-2", "-3" ...) and
// with the boards' money table that most of the municipality's boards use
// (tertial.Dataset.BoardMoneyTableID; StarterBoardTable when they have none) as the ref
// of its sections that name the boards' table or the unit's own (board_deviations,
// net_cost_reconciliation, money_table, money_chart). ok is false when there is no such
// starter.
func StarterTemplate(ds *tertial.Dataset, id string) (t tertial.Template, ok bool) {
	for _, s := range StarterTemplates() {
		if s.ID == id {
			t, ok = s, true
		}
	}
	if !ok {
		return t, false
	}
	table := ds.BoardMoneyTableID()
	if table == "" {
		table = StarterBoardTable
	}
	setBoardTable(t.Sections, table)
	t.ID = ds.FreeTemplateID(t.ID)
	return t, true
}

func setBoardTable(ss []tertial.Section, table string) {
	for i := range ss {
		switch ss[i].Kind {
		case tertial.SectionBoardDeviations, tertial.SectionNetCostReconciliation, tertial.SectionMoneyTable, tertial.SectionMoneyChart:
			if ss[i].Ref == StarterBoardTable {
				ss[i].Ref = table
			}
		}
		setBoardTable(ss[i].Sections, table)
	}
}
