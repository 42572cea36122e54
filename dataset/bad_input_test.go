package dataset_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
)

// valid is a small, complete dataset; each bad-input case breaks one thing in it.
const valid = `format: tertial/1
municipality:
  name: Provby kommun
  code: "9902"
  county: Provlän
goal_levels:
  - {id: kf, name: Kommunfullmäktigemål}
  - {id: nm, name: Nämndmål}
goal_areas:
  - {id: eko, name: God ekonomi, dimension: economic}
units:
  - {id: bn, name: Byggnämnden, kind: board}
goals:
  - id: kf-1
    level: kf
    area: eko
    title: Skattemedel används effektivt
  - id: nm-1
    level: nm
    parent: kf-1
    unit: bn
    title: Effektiv byggprocess
    followups:
      - period: 2024-08
        assessment: partly
        analysis: Arbetet pågår.
indicators:
  - id: handlaggning
    goal: nm-1
    name: Handläggningstid
    unit: dagar
    direction: lower
    values:
      - {year: 2024, value: 41.5}
    targets:
      - {year: 2024, target: "<40"}
assignments:
  - id: u-1
    goal: nm-1
    title: Inför e-tjänst för bygglov
    followups:
      - {period: 2024-08, status: on_track}
periods:
  - unit: bn
    id: 2024-08
    kind: interim
    title: Delårsrapport per 31 augusti 2024
    cutoff: 2024-08-31
    state: open
    money_tables:
      - id: drift
        title: Driftredovisning
        amount_unit: tkr
        columns: [budget, forecast]
        rows:
          - {id: intakter, label: Intäkter, budget: 1200, forecast: 1300}
        mapping:
          - {row: intakter, accounts: ["3"]}
          - {row: intakter, accounts: ["4510", "4600-4699"], dimension: 1, objects: ["100"]}
`

func TestValidBaseDecodes(t *testing.T) {
	if _, err := dataset.Decode([]byte(valid), "provby.yaml"); err != nil {
		t.Fatalf("the base of the bad-input cases must be valid: %v", err)
	}
}

// TestBadInput: each kind of bad input gives a message naming the file, the line and the
// field, and what is wrong.
func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name       string
		old, new   string // replace old with new in valid
		line       int
		path, text string // the error must have this path and contain text
	}{
		{"unknown field", "    title: Effektiv byggprocess\n", "    title: Effektiv byggprocess\n    colour: blue\n",
			23, "goals[1].colour", `okänt fält "colour"`},
		{"missing required field", "    direction: lower\n", "",
			28, "indicators[0].direction", "direction"},
		{"duplicate ID", "  - id: nm-1\n", "  - id: kf-1\n",
			18, "goals[1].id", `id "kf-1" finns redan`},
		{"missing goal", "    goal: nm-1\n    name: Handläggningstid", "    goal: nm-9\n    name: Handläggningstid",
			29, "indicators[0].goal", `inget mål "nm-9"`},
		{"missing unit", "    unit: bn\n    title: Effektiv", "    unit: xx\n    title: Effektiv",
			21, "goals[1].unit", `ingen enhet "xx"`},
		{"missing period", "      - period: 2024-08\n        assessment", "      - period: 2024-04\n        assessment",
			24, "goals[1].followups[0].period", `ingen period "2024-04"`},
		{"target that cannot be parsed", `target: "<40"`, `target: "ungefär 40"`,
			36, "indicators[0].targets[0].target", `målvärdet "ungefär 40" kan inte läsas`},
		{"base year after the target's year", `target: "<40"`, `target: "Minska jfr 2024"`,
			36, "indicators[0].targets[0].target", "som inte ligger före målets år 2024"},
		{"indicator years on a text section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: text, ref: x, base_years: true}\nperiods:\n",
			47, "templates[0].sections[0].years", "bara avsnitt av typen goals"},
		{"too many indicator years", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, years: 11}\nperiods:\n",
			47, "templates[0].sections[0].years", "mellan 1 och 10"},
		{"unknown goal level in a goals section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, levels: [kf, xx]}\nperiods:\n",
			47, "templates[0].sections[0].levels[1]", `målnivån "xx" finns inte`},
		{"unknown goal area in a goals section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, areas: [yy]}\nperiods:\n",
			47, "templates[0].sections[0].areas[0]", `målområdet "yy" finns inte`},
		{"unknown dimension in a goals section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, dimensions: [green]}\nperiods:\n",
			47, "templates[0].sections[0].dimensions[0]", `okänd dimension "green"`},
		{"goal filter on a text section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: text, ref: x, levels: [kf]}\nperiods:\n",
			47, "templates[0].sections[0].levels", "bara avsnitt av typen goals, assignments, key_figures och council_goals visar mål"},
		{"goal filter that is not a list", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, levels: kf}\nperiods:\n",
			47, "templates[0].sections[0].levels", "här ska det stå en lista"},
		{"non-numeric value", "value: 41.5", "value: fyrtio",
			34, "indicators[0].values[0].value", `"fyrtio" är inte ett tal`},
		{"decimals where the unit forbids them", "budget: 1200,", "budget: 1200.5,",
			56, "periods[0].money_tables[0].rows[0].budget", "tillåter bara hela tal"},
		{"bad enum", "kind: board", "kind: nämnd",
			12, "units[0].kind", `okänd enhetstyp "nämnd"`},
		{"amount column the table lacks", "forecast: 1300}", "forecast: 1300, prior_outcome: 5}",
			56, "periods[0].money_tables[0].rows[0].prior_outcome", `ingen kolumn "prior_outcome"`},
		{"mapping to a row the table lacks", `{row: intakter, accounts: ["3"]}`, `{row: kostnader, accounts: ["3"]}`,
			58, "periods[0].money_tables[0].mapping[0].row", `ingen rad "kostnader"`},
		{"account range that cannot be read", `accounts: ["3"]`, `accounts: ["3x"]`,
			58, "periods[0].money_tables[0].mapping[0].accounts[0]", `"3x" är inget konto`},
		{"account range backwards", `accounts: ["3"]`, `accounts: ["61-60"]`,
			58, "periods[0].money_tables[0].mapping[0].accounts[0]", "börjar efter sitt slut"},
		{"objects without a dimension", `dimension: 1, objects`, `objects`,
			59, "periods[0].money_tables[0].mapping[1].dimension", "objekt kräver en dimension"},
		{"mapping rule without accounts", `{row: intakter, accounts: ["3"]}`, `{row: intakter}`,
			58, "periods[0].money_tables[0].mapping[0].accounts", `"accounts" saknas`},
		// The rule set of single writes (rules.go), through the file's door.
		{"unknown missing reason", "value: 41.5}", "missing: bogus}",
			34, "indicators[0].values[0].missing", `okänd orsak "bogus"`},
		{"a note alone", "value: 41.5}", "note: Kommer i oktober.}",
			34, "indicators[0].values[0].value", "värde saknas"},
		{"NUL in an analysis", "analysis: Arbetet pågår.", `analysis: "Arbetet\0pågår."`,
			26, "goals[1].followups[0].analysis", "styrtecken (U+0000)"},
		{"escape in a title", "title: Inför e-tjänst för bygglov", `title: "Inför \e[31me-tjänst"`,
			40, "assignments[0].title", "styrtecken (U+001B)"},
		{"carriage return in a status comment", "status: on_track}", `status: on_track, comment: "a\rb"}`,
			42, "assignments[0].followups[0].comment", "styrtecken (U+000D)"},
		{"progress over 100", "status: on_track}", "status: on_track, progress: 101}",
			42, "assignments[0].followups[0].progress", "0–100"},
		{"wrong format version", "format: tertial/1", "format: tertial/9",
			1, "format", "okänd formatversion"},
		// Vocabulary and scales (issue 13, item 4).
		{"unknown term", "  county: Provlän\n", "  county: Provlän\n  vocabulary:\n    assignment: Aktivitet\n    brytdatum: Rapportdag\n",
			8, "municipality.vocabulary.brytdatum", `okänd term "brytdatum"`},
		{"empty word", "  county: Provlän\n", "  county: Provlän\n  vocabulary:\n    assignment: \"\"\n",
			7, "municipality.vocabulary.assignment", "värde saknas"},
		{"scale level without a name", "  county: Provlän\n", "  county: Provlän\n  scales:\n    goals:\n      - {id: partly, name: Delvis}\n      - {id: helt, symbol: x}\n",
			9, "municipality.scales.goals[1].name", `"name" saknas`},
		{"duplicate scale level", "  county: Provlän\n", "  county: Provlän\n  scales:\n    goals:\n      - {id: partly, name: Delvis}\n      - {id: partly, name: Delvis igen}\n",
			9, "municipality.scales.goals[1].id", `id "partly" finns redan`},
		{"goal assessment not in the scale", "  county: Provlän\n", "  county: Provlän\n  scales:\n    goals:\n      - {id: helt, name: Helt uppfyllt, symbol: \"😊\"}\n",
			28, "goals[1].followups[0].assessment", `okänd bedömning "partly": ska vara en av helt`},
		{"colour outside the palette", "  county: Provlän\n", "  county: Provlän\n  scales:\n    goals:\n      - {id: partly, name: Delvis}\n      - {id: helt, name: Helt, colour: purple}\n",
			9, "municipality.scales.goals[1].colour", `okänd färg "purple": ska vara en av green, yellow, orange, red, grey, blue`},
		{"unknown scale kind", "  county: Provlän\n", "  county: Provlän\n  scales:\n    risks:\n      - {id: hog, name: Hög}\n",
			7, "municipality.scales.risks", `okänd skala "risks"`},
		{"indicator level Tertial does not compute", "  county: Provlän\n", "  county: Provlän\n  scales:\n    indicators:\n      - {id: nearly, name: Nästan}\n",
			8, "municipality.scales.indicators[0].id", `okänd nivå "nearly"`},
		{"status not in the status scale", "  county: Provlän\n", "  county: Provlän\n  scales:\n    statuses:\n      - {id: done, name: Genomförd}\n",
			45, "assignments[0].followups[0].status", `status "on_track" finns inte i kommunens statusskala`},
		{"unknown goal assessment", "assessment: partly", "assessment: bogus",
			25, "goals[1].followups[0].assessment", `okänd bedömning "bogus": ska vara en av achieved, partly, not_achieved, not_assessable`},
		// The cycle (issue 14): a period made from another of its unit, and no two of a
		// kind over the same days.
		{"period made from a period the unit lacks", "    state: open\n    money_tables", "    state: open\n    from: 2023-08\n    money_tables",
			50, "periods[0].from", `enheten "bn" har ingen period "2023-08"`},
		{"period made from itself", "    state: open\n    money_tables", "    state: open\n    from: 2024-08\n    money_tables",
			50, "periods[0].from", "kan inte utgå från sig själv"},
		{"periods of a kind over the same days", "periods:\n", "periods:\n  - {unit: bn, id: t2, kind: interim, title: T2, cutoff: 2024-08-31, state: open}\n",
			49, "periods[1].cutoff", `överlappar enhetens period "t2"`},
		{"list where fields belong", "municipality:\n  name: Provby kommun\n  code: \"9902\"\n  county: Provlän\n", "municipality: [1, 2]\n",
			2, "municipality", "här ska det stå fält"},
	} {
		t.Run(c.name, func(t *testing.T) {
			badInput(t, valid, c.old, c.new, c.line, c.path, c.text)
		})
	}
}

// badInput replaces old with new in base, decodes it as provby.yaml and checks that the
// error at path names the file and line and says text.
func badInput(t *testing.T, base, old, new string, line int, path, text string) {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("case does not apply: %q not in the base", old)
	}
	_, err := dataset.Decode([]byte(strings.Replace(base, old, new, 1)), "provby.yaml")
	var errs dataset.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Decode: %v, want dataset.Errors", err)
	}
	for _, e := range errs {
		if e.Path == path {
			if e.File != "provby.yaml" || e.Line != line || !strings.Contains(e.Message, text) {
				t.Errorf("got %q, want provby.yaml:%d: %s: …%s…", e.Error(), line, path, text)
			}
			if !strings.HasPrefix(e.Error(), "provby.yaml:") {
				t.Errorf("message does not start with the file: %q", e.Error())
			}
			return
		}
	}
	t.Errorf("no error for %s; got:\n%v", path, err)
}

func TestBadFileEncodings(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		line int
		text string
	}{
		{"empty file", []byte(""), 1, "filen är tom"},
		{"only whitespace", []byte("\n  \n"), 1, "filen är tom"},
		{"invalid UTF-8", []byte("format: tertial/1\nmunicipality:\n  name: Bj\xf6rn\n"), 3, "inte giltig UTF-8"},
		{"YAML syntax", []byte("format: tertial/1\nunits: [\n"), 2, "YAML-fel"},
		{"duplicate key", []byte("format: tertial/1\nformat: tertial/1\n"), 2, `fältet "format" förekommer två gånger`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := dataset.Decode(c.data, "x.yaml")
			var errs dataset.Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Decode: %v", err)
			}
			for _, e := range errs {
				if e.Line == c.line && strings.Contains(e.Message, c.text) {
					return
				}
			}
			t.Errorf("got %q, want line %d and %q", err, c.line, c.text)
		})
	}
}

// TestAllProblemsReported: one run lists every problem, not only the first.
func TestAllProblemsReported(t *testing.T) {
	src := strings.Replace(valid, "kind: board", "kind: nämnd", 1)
	src = strings.Replace(src, "value: 41.5", "value: x", 1)
	src = strings.Replace(src, "    goal: nm-1\n    name:", "    goal: nope\n    name:", 1)
	_, err := dataset.Decode([]byte(src), "p.yaml")
	var errs dataset.Errors
	if !errors.As(err, &errs) || len(errs) != 3 {
		t.Fatalf("want 3 errors, got %v", err)
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Line < errs[i-1].Line {
			t.Errorf("errors not in line order: %v", err)
		}
	}
}
