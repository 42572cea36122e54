package web

import (
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// auditLiterals reads the store's source and returns the entities and change fields its
// audit records name as literals: the first string of every `change{...}` (or element of
// a []change{...}), the entity of every `db.audit(tx, actor, muni, "entity", ...)` call
// and of every auditEntry literal.
func auditLiterals(t *testing.T) (entities, fields map[string]string) {
	t.Helper()
	files, err := filepath.Glob("../store/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no store source: %v", err)
	}
	entities, fields = map[string]string{}, map[string]string{}
	fset := token.NewFileSet()
	str := func(e ast.Expr) (string, bool) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "audit" && len(n.Args) == 6 {
					if s, ok := str(n.Args[3]); ok {
						entities[s] = fset.Position(n.Pos()).String()
					}
				}
			case *ast.CompositeLit:
				typeName := ""
				switch ty := n.Type.(type) {
				case *ast.Ident:
					typeName = ty.Name
				case *ast.ArrayType:
					if id, ok := ty.Elt.(*ast.Ident); ok {
						typeName = "[]" + id.Name
					}
				}
				switch typeName {
				case "change":
					if len(n.Elts) > 0 {
						if s, ok := str(n.Elts[0]); ok {
							fields[s] = fset.Position(n.Pos()).String()
						}
						// "vocabulary." + term: a prefix the words name with the rest.
						if b, ok := n.Elts[0].(*ast.BinaryExpr); ok {
							if s, ok := str(b.X); ok {
								fields[s+"*"] = fset.Position(n.Pos()).String()
							}
						}
					}
				case "[]change":
					for _, el := range n.Elts {
						if c, ok := el.(*ast.CompositeLit); ok && c.Type == nil && len(c.Elts) > 0 {
							if s, ok := str(c.Elts[0]); ok {
								fields[s] = fset.Position(c.Pos()).String()
							}
						}
					}
				case "auditEntry", "[]auditEntry":
					lits := []*ast.CompositeLit{n}
					if typeName == "[]auditEntry" {
						lits = nil
						for _, el := range n.Elts {
							if c, ok := el.(*ast.CompositeLit); ok {
								lits = append(lits, c)
							}
						}
					}
					for _, c := range lits {
						for i, el := range c.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "entity" {
									if s, ok := str(kv.Value); ok {
										entities[s] = fset.Position(c.Pos()).String()
									}
								}
							} else if i == 0 {
								if s, ok := str(el); ok {
									entities[s] = fset.Position(c.Pos()).String()
								}
							}
						}
					}
				}
			}
			return true
		})
	}
	return entities, fields
}

// TestEveryAuditedFieldHasWords: every entity and every field the store's audit calls
// name has Swedish words in historywords.go, so that no new audit call shows its raw name
// in a history. Fields named at run time (a money table's column IDs, a free table's
// column IDs, Kolada's KPI/municipality/year/gender) are named by describeHistory from the
// item itself and tested by the history tests.
func TestEveryAuditedFieldHasWords(t *testing.T) {
	entities, fields := auditLiterals(t)
	// The reader must see the audit calls at all: a few that are known to exist.
	for _, e := range []string{"goal", "money_row", "unit", "user", "money_table", "free_table", "template", "ic_item", "goal_frame"} {
		if _, ok := entities[e]; !ok {
			t.Errorf("the store's source was not read right: entity %q not found among %d", e, len(entities))
		}
	}
	for _, f := range []string{"assessment", "negate", "cutoff", "vocabulary.*"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("the store's source was not read right: field %q not found among %d", f, len(fields))
		}
	}
	for e, at := range entities {
		if entityWords[e] == "" {
			t.Errorf("entity %q (%s) has no words in entityWords", e, at)
		}
	}
	for f, at := range fields {
		if p, ok := strings.CutSuffix(f, "*"); ok {
			if prefixLabels[p] == "" {
				t.Errorf("field prefix %q (%s) has no words in prefixLabels", p, at)
			}
			continue
		}
		if l, ok := fieldLabels[f]; !ok || l.text == "" || l.text == f && !isSwedishWord(f) {
			t.Errorf("field %q (%s) has no words in fieldLabels", f, at)
		}
	}
}

// isSwedishWord allows a field whose name is also its Swedish word ("status", "text").
func isSwedishWord(f string) bool {
	return map[string]bool{"status": true, "text": true, "risk": true, "process": true}[f]
}

// TestHistoryWords: a change's sentence in words, for each kind of field and value.
func TestHistoryWords(t *testing.T) {
	it := historyItem{noun: "målet", labels: map[string]label{}, format: map[string]func(string) string{}, texts: map[string]bool{}}
	for _, c := range []struct{ field, old, new, want string }{
		{"negate", "false", "true", "Visa med omvänt tecken ändrat från nej till ja"},
		{"disabled", "", "true", "Avstängd satt till ja"},
		{"cutoff", "2021-08-31", "2021-09-30", "Brytdatum ändrat från 31 augusti 2021 till 30 september 2021"},
		{"title", "Gammal", "", "Rubrik borttagen (var Gammal)"},
		{"short_name", "", "KSF", "Kortnamn satt till KSF"},
		{"created", "", "created", "Målet skapades"},
		{"deleted", "", "deleted", "Målet togs bort"},
		{"vocabulary.goal", "mål", "inriktning", "Ordet för «mål» ändrat från mål till inriktning"},
		{"scales.statuses", "a, b", "c", "Skalan för uppdrag och kontroller ändrad från a, b till c"},
		{"description", "en lång text", "en kort text", "Beskrivning: en [−lång][+kort] text"},
		{"name", "", strings.Repeat("ord ", 40), "Namn skrivet:"},
	} {
		got := it.row(store.AuditEntry{Field: c.field, Old: c.old, New: c.new}).sentence()
		if c.field == "name" {
			// A long value is a text: shown as a word diff, not quoted whole in a sentence.
			if r := it.row(store.AuditEntry{Field: c.field, Old: c.old, New: c.new}); r.Diff == nil {
				t.Errorf("%s: a %d-character value is not shown as a diff: %q", c.field, len(c.new), got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s %q → %q: %q, want %q", c.field, c.old, c.new, got, c.want)
		}
	}
}

// TestRowNegated: a row's sign as the table shows it, from the row, its group or the table.
func TestRowNegated(t *testing.T) {
	yes, no := true, false
	tab := &tertial.MoneyTable{Negate: false, Rows: []tertial.MoneyRow{
		{ID: "income"},
		{ID: "costs", Group: true, Negate: &yes, Rows: []tertial.MoneyRow{{ID: "staff"}, {ID: "grants", Negate: &no}}},
		{ID: "own", Negate: &yes},
	}}
	for row, want := range map[string]bool{"income": false, "staff": true, "grants": false, "own": true, "none": false} {
		if got := rowNegated(tab, row); got != want {
			t.Errorf("row %s: negated %v, want %v", row, got, want)
		}
	}
	tab.Negate = true
	if !rowNegated(tab, "income") {
		t.Errorf("a row of a negated table is not negated")
	}
	show := amountWords(&tertial.MoneyTable{Unit: tertial.Tkr}, true)
	if got := show("-236650000.00 kr"); got != "236\u00a0650\u00a0tkr" {
		t.Errorf("a negated cost: %q", got)
	}
}

// TestFreeCellWords: a free table's stored cell as the table shows it.
func TestFreeCellWords(t *testing.T) {
	tab := &tertial.FreeTable{Unit: tertial.Tkr}
	for _, c := range []struct {
		typ     tertial.ColumnType
		v, want string
	}{
		{tertial.ColAmount, "11600000000", "116\u00a0000 tkr"}, // öre, shown in the table's tkr
		{tertial.ColAmount, "ung 11600000", "ung\u00a0116 tkr"},
		{tertial.ColAmount, "Stängt", "Stängt"},
		{tertial.ColPercent, "5.6", "5,6 %"},
		{tertial.ColDate, "2021-08-31", "31 augusti 2021"},
		{tertial.ColText, "fritt", "fritt"},
	} {
		if got := freeCellWords(tab, tertial.FreeColumn{ID: "c", Type: c.typ})(c.v); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.typ, c.v, got, c.want)
		}
	}
}

// TestKoladaHistoryWords: a Kolada value's change, its field named at run time.
func TestKoladaHistoryWords(t *testing.T) {
	it := describeHistory(&tertial.Dataset{}, "kolada", "https://api.kolada.se/v2")
	got := it.row(store.AuditEntry{Field: "N00001/0126/2021/K", Old: "5.1", New: "5.3"}).sentence()
	if want := "Värdet för nyckeltalet N00001, kommun 0126, 2021 (kvinnor) ändrat från 5.1 till 5.3"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got := it.row(store.AuditEntry{Field: "sync", New: "12 värden"}).sentence(); got != "Hämtning satt till 12 värden" {
		t.Errorf("sync: %q", got)
	}
}
