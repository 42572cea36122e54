package web

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// The history of an item in words: each change of the audit log as a sentence in the
// municipality's words and the site's formats ("Prognos för raden «Kommunstyrelsen»
// ändrad från −236 650 tkr till −240 000 tkr", "Bedömning ändrad från delvis till
// uppnås"), and a text's change as a word diff.

// historyRow is one change as the history page shows it.
type historyRow struct {
	At, Actor string
	// Field, Old and New are the change as the audit log holds it, in the row's data-
	// attributes for programs that read the page (the load test's check of saves).
	Field, Old, New string
	Sentence        string     // the change in words; for a text, what changed (Label)
	Diff            []diffPart // a text's change, word by word
}

type historyView struct {
	base
	Title   string
	Item    string
	BackURL string
	Rows    []historyRow
}

// label is a field's name in a sentence, and whether it is neuter ("ändrat").
type label struct {
	text   string
	neuter bool
}

// changed says a change of a value in words.
func (l label) changed(old, new string) string {
	done, gone := "ändrad", "borttagen"
	if l.neuter {
		done, gone = "ändrat", "borttaget"
	}
	switch {
	case old == "" && new == "":
		return tertial.Capitalize(l.text) + " " + done
	case old == "":
		return tertial.Capitalize(l.text) + " satt till " + new
	case new == "":
		return tertial.Capitalize(l.text) + " " + gone + " (var " + old + ")"
	}
	return tertial.Capitalize(l.text) + " " + done + " från " + old + " till " + new
}

// historyItem knows an item's words: its name, each field's label and how a value is
// shown, and which fields are texts shown as a diff.
type historyItem struct {
	// dynamic names the fields named at run time (Kolada's "KPI/municipality/year/gender").
	dynamic func(field string) (label, bool)
	name    string
	noun    string // the kind of item, for "Målet skapades"
	labels  map[string]label
	format  map[string]func(string) string
	texts   map[string]bool
	back    string
}

func (s *Server) renderHistory(w http.ResponseWriter, r *http.Request, f store.AuditFilter, entries []store.AuditEntry) {
	ds, err := s.db.SharedDataset(r.Context(), f.Municipality)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it := describeHistory(ds, f.Entity, f.Key)
	page := &historyView{Title: "Ändringshistorik: " + it.name, Item: it.name, BackURL: it.back}
	for _, e := range entries {
		row := it.row(e)
		row.Field, row.Old, row.New = e.Field, e.Old, e.New
		page.Rows = append(page.Rows, row)
	}
	s.render(w, r, http.StatusOK, "history.html", page)
}

// row says one change of the item in words.
func (it historyItem) row(e store.AuditEntry) historyRow {
	row := historyRow{At: e.At.Local().Format("2006-01-02 15:04"), Actor: e.Actor}
	l := labelOf(it, e.Field)
	show := func(v string) string { return valueWords(e.Field, v) }
	if fn, ok := it.format[e.Field]; ok {
		show = fn
	}
	switch {
	case e.Field == "created" || e.Field == "deleted":
		row.Sentence = tertial.Capitalize(it.noun) + " " + l.text
		if e.New != "" && e.New != e.Field {
			row.Sentence += " (" + show(e.New) + ")"
		}
	case it.texts[e.Field] || isLongText(e.Field, e.Old, e.New):
		row.Sentence = tertial.Capitalize(l.text) + ":"
		switch {
		case e.Old == "":
			row.Sentence = tertial.Capitalize(l.text) + " skriven:"
		case e.New == "":
			row.Sentence = tertial.Capitalize(l.text) + " tömd:"
		}
		row.Diff = wordDiff(e.Old, e.New)
	default:
		row.Sentence = l.changed(show(e.Old), show(e.New))
	}
	return row
}

// sentence is a row as one line of text: the sentence, and a text's diff as its new
// wording with the removed words in [−…] and the added in [+…].
func (r historyRow) sentence() string {
	if r.Diff == nil {
		return r.Sentence
	}
	var b strings.Builder
	b.WriteString(r.Sentence)
	b.WriteString(" ")
	for _, d := range r.Diff {
		switch d.Op {
		case diffDel:
			b.WriteString("[−" + d.Text + "]")
		case diffIns:
			b.WriteString("[+" + d.Text + "]")
		default:
			b.WriteString(d.Text)
		}
	}
	return b.String()
}

// periodOf reads "unit/period" at the start of a key.
func periodOf(ds *tertial.Dataset, key string) (*tertial.Period, []string) {
	parts := strings.Split(key, "/")
	if len(parts) < 2 {
		return nil, parts
	}
	return ds.Period(parts[0], parts[1]), parts[2:]
}

func level(ds *tertial.Dataset, per *tertial.Period, kind tertial.ScaleKind) func(string) string {
	return func(id string) string {
		if id == "" {
			return ""
		}
		if per != nil {
			if l, ok := report.Words(ds, per).Level(kind, id); ok {
				return lowerFirst(l.Text)
			}
		}
		if l, ok := ds.Municipality.Level(kind, id); ok {
			return lowerFirst(l.Name)
		}
		return id
	}
}

// lowerFirst lower-cases a name's first letter for the middle of a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// decimalWords shows a stored decimal ("19.87") as the site does ("19,87").
func decimalWords(v string) string {
	if v == "" {
		return ""
	}
	d, err := tertial.ParseDecimal(v)
	if err != nil {
		return v
	}
	return sv.Exact(d)
}

// amountWords shows a stored amount ("-236650000.00 kr") as the table shows it: in its
// unit and precision and, on a row shown negated (costs as positive figures), with the
// other sign ("236 650 tkr"), as compute.MoneyRow.Display does.
func amountWords(t *tertial.MoneyTable, negate bool) func(string) string {
	return func(v string) string {
		if v == "" {
			return ""
		}
		d, err := tertial.ParseDecimal(strings.TrimSpace(strings.TrimSuffix(v, " kr")))
		if err != nil {
			return v
		}
		a, err := tertial.AmountFromDecimal(d, tertial.Kr)
		if err != nil {
			return v
		}
		if negate {
			a = -a
		}
		return sv.WithUnit(sv.Amount(a, t.Unit, t.Precision), string(t.Unit))
	}
}

var periodStateWords = map[string]string{"open": "öppen", "locked": "låst"}

var stepWords = map[string]string{"ready": "markerat som klart för granskning", "approve": "godkänt", "lock": "låst"}

func describeHistory(ds *tertial.Dataset, entity, key string) historyItem {
	noun := entityWords[entity]
	if noun == "" {
		noun = "posten"
	}
	it := historyItem{name: tertial.Capitalize(noun) + " «" + key + "»", noun: noun, labels: map[string]label{}, format: map[string]func(string) string{}, texts: map[string]bool{}}
	switch entity {
	case "goal":
		id, pk, _ := strings.Cut(key, "@")
		per, _ := periodOf(ds, pk)
		if g := ds.Goal(id); g != nil {
			it.name = "Målet «" + g.Title + "»"
		}
		if per != nil {
			it.name += ", " + per.Title
			it.back = periodURL(ds.Municipality.Code, per.Unit, per.ID) + "/redigera/mal/" + id
		} else {
			it.back = "/kommuner/" + ds.Municipality.Code + "/struktur/mal/" + id
		}
		it.format["unit"] = unitNameOf(ds)
		it.format["parent"] = goalName(ds)
		it.format["level"] = goalLevelName(ds)
		it.labels["parent"] = label{text: "överordnat mål", neuter: true}
		it.labels["assessment"] = label{text: "bedömning"}
		it.labels["analysis"] = label{text: "analys"}
		it.format["assessment"] = level(ds, per, tertial.ScaleGoals)
	case "indicator_value", "indicator_target":
		id, year, _ := strings.Cut(key, "/")
		name := id
		if ind := indicatorByID(ds, id); ind != nil {
			name = ind.Name
		}
		if entity == "indicator_target" {
			it.name = "Etappmålet " + year + " för indikatorn «" + name + "»"
		} else {
			it.name = "Indikatorn «" + name + "», " + year
		}
		for _, f := range []string{"value", "women", "men", "numerator", "denominator"} {
			it.format[f] = decimalWords
		}
		it.labels["value"] = label{text: "värdet", neuter: true}
		it.labels["target"] = label{text: "etappmålet", neuter: true}
		it.format["kind"] = func(v string) string {
			return map[string]string{"": "", "outcome": "utfall", "forecast": "prognos", "preliminary": "preliminärt"}[v]
		}
		it.format["missing"] = func(v string) string {
			return map[string]string{"": "", "not_measured": "mäts inte", "not_reported": "inte rapporterat ännu"}[v]
		}
	case "money_row":
		// A column since removed from the table keeps its old, fixed heading.
		for c, w := range moneyColumnWords {
			it.labels[c] = label{text: w, neuter: c == "period_outcome" || c == "prior_outcome"}
		}
		per, rest := periodOf(ds, key)
		if per != nil && len(rest) == 2 {
			for i := range per.MoneyTables {
				t := &per.MoneyTables[i]
				if t.ID != rest[0] {
					continue
				}
				row := rest[1]
				for _, r := range t.Leaves() {
					if r.ID == rest[1] {
						row = r.Label
					}
				}
				it.name = "Raden «" + row + "» i tabellen «" + t.Title + "», " + per.Title
				it.back = periodURL(ds.Municipality.Code, per.Unit, per.ID) + "/redigera/rad/" + t.ID + "/" + rest[1]
				for _, c := range t.Layout() {
					head := c.Heading
					switch c.Period {
					case tertial.PeriodPeriod:
						head += " för perioden"
					case tertial.PeriodPriorPeriod:
						head += " för perioden föregående år"
					case tertial.PeriodPriorYear:
						head += " föregående år"
					}
					if c.Group != "" {
						head += " (" + c.Group + ")"
					}
					it.labels[string(c.ID)] = label{text: head + " för raden «" + row + "»", neuter: c.Kind == tertial.KindPeriodOutcome || c.Kind == tertial.KindPriorOutcome}
					it.format[string(c.ID)] = amountWords(t, rowNegated(t, rest[1]))
				}
				it.labels["comment"] = label{text: "kommentar för raden «" + row + "»"}
			}
		}
	case "text":
		per, rest := periodOf(ds, key)
		if per != nil && len(rest) == 1 {
			it.name = "Texten " + rest[0]
			for _, t := range per.Texts {
				if t.ID == rest[0] && t.Title != "" {
					it.name = "Texten «" + t.Title + "»"
				}
			}
			it.name += ", " + per.Title
			it.back = periodURL(ds.Municipality.Code, per.Unit, per.ID) + "/redigera/text/" + rest[0]
		}
		it.labels["body"] = label{text: "texten", neuter: true}
	case "section":
		per, rest := periodOf(ds, key)
		if per != nil && len(rest) == 1 {
			it.name = "Avsnittet " + rest[0]
			if secs, err := report.WorkflowSections(ds, per.Unit, per.ID); err == nil {
				for _, sec := range secs {
					if sec.Key == rest[0] {
						it.name = "Avsnittet «" + sec.Title + "»"
					}
				}
			}
			it.name += " i arbetsflödet, " + per.Title
			it.back = periodURL(ds.Municipality.Code, per.Unit, per.ID) + "/arbetsflode#" + rest[0]
		}
		it.labels["state"] = label{text: "läget", neuter: true}
		it.format["state"] = func(v string) string {
			if l, ok := sectionStateLabels[tertial.SectionState(v)]; ok {
				return lowerFirst(l.Text)
			}
			return v
		}
	case "period", "override":
		per, rest := periodOf(ds, key)
		if per != nil {
			it.name = "Perioden «" + per.Title + "»"
			if entity == "override" && len(rest) == 1 {
				it.name = "Överstyrning av avsnittet " + rest[0] + ", " + per.Title
			}
			it.back = periodURL(ds.Municipality.Code, per.Unit, per.ID) + "/arbetsflode"
		}
		it.format["template"] = func(id string) string {
			if t := ds.Template(id); t != nil {
				return "«" + t.Name + "»"
			}
			return id
		}
		it.labels["state"] = label{text: "perioden"}
		it.format["state"] = func(v string) string { return periodStateWords[v] }
		it.labels["step"] = label{text: "steget trots blockerande fynd", neuter: true}
		it.format["step"] = func(v string) string { return stepWords[v] }
	case "indicator":
		if x := indicatorByID(ds, key); x != nil {
			it.name = "Indikatorn «" + x.Name + "»"
		}
		it.back = "/kommuner/" + ds.Municipality.Code + "/struktur/indikatorer/" + key
		it.format["goal"] = goalName(ds)
		it.format["direction"] = func(v string) string { return directionWords[v] }
		it.labels["unit"] = label{text: "måttenhet"}
	case "unit":
		if u := ds.Unit(key); u != nil {
			it.name = "Enheten «" + u.Name + "»"
		}
		it.back = unitsURL(ds.Municipality.Code) + "/" + key
		it.labels["parent"] = label{text: "överordnad enhet"}
		it.format["parent"] = unitNameOf(ds)
		it.format["kind"] = func(v string) string { return unitKindWords[v] }
	case "template":
		if t := ds.Template(key); t != nil {
			it.name = "Mallen «" + t.Name + "»"
		}
		it.back = "/kommuner/" + ds.Municipality.Code + "/struktur/mallar/" + key
	case "money_table", "free_table", "money_setup":
		per, rest := periodOf(ds, key)
		if per != nil && len(rest) == 1 {
			title := rest[0]
			for _, t := range per.MoneyTables {
				if t.ID == rest[0] && entity != "free_table" {
					title = t.Title
				}
			}
			for _, t := range per.FreeTables {
				if t.ID == rest[0] && entity == "free_table" {
					title = t.Title
				}
			}
			it.name = "Tabellen «" + title + "», " + per.Title
			if entity == "money_setup" {
				it.name = "Kontomappningen för tabellen «" + title + "», " + per.Title
			}
			it.format["periodisation"] = func(v string) string { return periodisationWords[v] }
		}
	case "free_row":
		per, rest := periodOf(ds, key)
		if per != nil && len(rest) == 2 {
			for _, t := range per.FreeTables {
				if t.ID != rest[0] {
					continue
				}
				row := rest[1]
				for _, r := range t.Leaves() {
					if r.ID != rest[1] {
						continue
					}
					// A row is named by its first text, as the table shows it.
					for _, c := range t.Columns {
						if c.Type == tertial.ColText && r.Cells[c.ID].Text != "" {
							row = r.Cells[c.ID].Text
							break
						}
					}
				}
				it.name = "Raden «" + row + "» i tabellen «" + t.Title + "», " + per.Title
				for _, c := range t.Columns {
					it.labels[c.ID] = label{text: "«" + c.Label + "» för raden «" + row + "»", neuter: true}
					it.format[c.ID] = freeCellWords(&t, c)
				}
			}
		}
	case "user":
		it.name = "Användaren «" + key + "»"
		it.format["unit"] = unitNameOf(ds)
		it.format["municipality"] = func(v string) string {
			if v == ds.Municipality.Code {
				return ds.Municipality.Name + " (" + v + ")"
			}
			return v
		}
		it.format["role"] = func(v string) string {
			if w, ok := roleLabels[tertial.Role(v)]; ok {
				return w
			}
			return v
		}
	case "municipality", "goal_frame", "notify_settings":
		it.name = tertial.Capitalize(noun) + " (" + ds.Municipality.Name + ")"
		if entity == "municipality" {
			it.name = ds.Municipality.Name
		}
	case "kolada":
		it.name = "Hämtningen från Kolada (" + key + ")"
		it.dynamic = koladaField
	case "ic_item":
		it.name = "Internkontrollposten «" + key + "»"
		it.back = icURL(ds.Municipality.Code)
		it.format["unit"] = unitNameOf(ds)
		it.format["created"] = func(v string) string { return icKindWords[v] }
		it.format["deleted"] = func(v string) string { return icKindWords[v] }
	case string(tertial.KindAssignment), string(tertial.KindControl):
		id, pk, _ := strings.Cut(key, "@")
		per, _ := periodOf(ds, pk)
		if a := ds.Assignment(id); a != nil {
			it.name = "Uppdraget «" + a.Title + "»"
		} else {
			it.name = "Åtgärden " + id
		}
		if per != nil {
			it.name += ", " + per.Title
		} else if entity == string(tertial.KindAssignment) {
			it.back = "/kommuner/" + ds.Municipality.Code + "/struktur/uppdrag/" + id
			it.format["goal"] = goalName(ds)
			it.format["unit"] = unitNameOf(ds)
		}
		status := level(ds, per, tertial.ScaleStatuses)
		it.format["status"] = status
		it.format["progress"] = func(v string) string {
			if v == "" {
				return ""
			}
			return v + " %"
		}
	}
	return it
}
