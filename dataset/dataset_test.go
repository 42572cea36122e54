package dataset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

// files are the real datasets every format test runs over: the demos, an invented
// municipality with other levels, units, periods and tables, and a part of Simrishamn's
// annual report with cover fields, goals tables, tags and a vision.
func files(t *testing.T) map[string][]byte {
	t.Helper()
	ekby, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	simrishamn, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fs := map[string][]byte{"testdata/ekby.yaml": ekby,
		"ekby with vocabulary":     []byte(strings.Replace(string(ekby), "  county_code: \"99\"\n", "  county_code: \"99\"\n"+ekbyWords, 1)),
		"testdata/simrishamn.yaml": simrishamn}
	for _, d := range demo.All() {
		fs[d.FileName] = d.Bytes()
	}
	return fs
}

// ekbyWords gives Ekby words and scales of its own, as a board that says "Aktivitet" and
// "Helt uppfyllt" and shows smileys would.
const ekbyWords = `  vocabulary:
    cutoff: Rapportdag
    assignment: Aktivitet
    provisional: ""
  scales:
    goals:
      - {id: achieved, name: Helt uppfyllt, symbol: "😊", colour: green}
      - {id: mostly, name: I huvudsak uppfyllt, symbol: "🙂", colour: blue}
      - {id: partly, name: Delvis uppfyllt, symbol: "😐", colour: yellow}
      - {id: not_achieved, name: Inte uppfyllt, symbol: "☹", colour: red}
      - {id: not_assessable, name: Kan inte bedömas, colour: grey}
    statuses:
      - {id: done, name: Genomförd, symbol: ✔}
      - {id: on_track, name: Pågår, symbol: ➜}
      - {id: will_complete, name: Genomförs i år, symbol: ●}
      - {id: likely_complete, name: Genomförs troligen i år, symbol: ◐}
      - {id: not_complete, name: Genomförs inte i år, symbol: ○}
      - {id: started, name: Påbörjad, symbol: ◐}
      - {id: not_started, name: Ej påbörjad, symbol: ○}
      - {id: cancelled, name: Avbruten, symbol: ✕}
`

// TestVocabularyRoundTrip: a dataset's own words and scales survive an export unchanged
// (emoji come out escaped, "\U0001F60A", which YAML reads back as the same character), and
// a dataset without them exports without them.
func TestVocabularyRoundTrip(t *testing.T) {
	fs := files(t)
	for name, wantIn := range map[string]bool{"ekby with vocabulary": true, "testdata/ekby.yaml": false} {
		ds, err := dataset.Decode(fs[name], name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		again, err := dataset.Decode(out, "export.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ds.Municipality, again.Municipality) {
			t.Errorf("%s: municipality after export %+v, want %+v", name, again.Municipality, ds.Municipality)
		}
		has := strings.Contains(string(out), "\n  vocabulary:\n") && strings.Contains(string(out), "\n  scales:\n")
		if has != wantIn {
			t.Errorf("%s: export has vocabulary and scales: %v, want %v", name, has, wantIn)
		}
		if !wantIn {
			continue
		}
		m := ds.Municipality
		if m.Vocabulary[tertial.TermAssignment] != "Aktivitet" || m.Vocabulary[tertial.TermProvisional] != "" || len(m.Vocabulary) != 3 {
			t.Errorf("vocabulary %v", m.Vocabulary)
		}
		if l, ok := m.Level(tertial.ScaleGoals, "achieved"); !ok || l.Name != "Helt uppfyllt" || l.Symbol != "😊" || l.Colour != tertial.ColourGreen || len(m.Scales[tertial.ScaleGoals]) != 5 {
			t.Errorf("goal scale %v", m.Scales[tertial.ScaleGoals])
		}
		if l, _ := m.Level(tertial.ScaleGoals, "not_assessable"); l.Colour != tertial.ColourGrey || l.Symbol != "" {
			t.Errorf("a level with a colour and no symbol: %+v", l)
		}
		if l, _ := m.Level(tertial.ScaleStatuses, "done"); l.Colour != "" {
			t.Errorf("a level without a colour has %q", l.Colour)
		}
		if !strings.Contains(string(out), "colour: grey}") {
			t.Error("the export lacks the colours")
		}
		if _, declared := m.Scales[tertial.ScaleIndicators]; declared {
			t.Error("an indicator scale was not given but is declared")
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for name, data := range files(t) {
		t.Run(name, func(t *testing.T) {
			ds, err := dataset.Decode(data, name)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			first, err := dataset.Encode(ds)
			if err != nil {
				t.Fatal(err)
			}
			again, err := dataset.Decode(first, "export.yaml")
			if err != nil {
				t.Fatalf("decode of export: %v", err)
			}
			second, err := dataset.Encode(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, second) {
				t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ"
}

// TestDemoContent checks facts of the reference report against the decoded demo, so that
// a transcription that loses a part fails.
func TestDemoContent(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if ds.Municipality.Code != "0126" || len(ds.Municipality.Comparison) != 6 {
		t.Errorf("municipality = %+v", ds.Municipality)
	}
	goalsAt := map[string]int{}
	for _, g := range ds.Goals {
		goalsAt[g.Level]++
	}
	// The report's KF-mål and nämndmål headings.
	if goalsAt["kf"] != 8 || goalsAt["nm"] != 11 {
		t.Errorf("goals per level = %v, want 8 KF-mål and 11 nämndmål", goalsAt)
	}
	if len(ds.Assignments) != 7 {
		t.Errorf("%d assignments, want 7", len(ds.Assignments))
	}
	if len(ds.Indicators) != 26 {
		t.Errorf("%d indicators, want 26", len(ds.Indicators))
	}
	if len(ds.Risks) != 2 || len(ds.Audits) != 3 || len(ds.Controls) != 10 {
		t.Errorf("internal control: %d risks, %d audits, %d controls; want 2, 3, 10", len(ds.Risks), len(ds.Audits), len(ds.Controls))
	}
	// Exact decimals survive: the tax rate 19,77 and the ratio 0,845.
	want := map[string]string{"19.77": "", "0.845": ""}
	for _, ind := range ds.Indicators {
		for _, v := range ind.Values {
			if v.Value != nil {
				if _, ok := want[v.Value.String()]; ok {
					want[v.Value.String()] = ind.Name
				}
			}
		}
	}
	for v, name := range want {
		if name == "" {
			t.Errorf("no indicator has the value %s", v)
		}
	}
	per := ds.Period("ks", "2021-08")
	if per == nil {
		t.Fatal("no period ks/2021-08")
	}
	if len(per.MoneyTables) != 4 || len(per.FreeTables) != 4 {
		t.Errorf("period has %d money tables and %d free tables, want 4 and 4", len(per.MoneyTables), len(per.FreeTables))
	}
	// The operating statement's income row, in öre.
	for _, tbl := range per.MoneyTables {
		for _, r := range tbl.Rows {
			if r.Label == "Verksamhetens intäkter" && r.Amounts[tertial.ColBudget] != 46_166*100_000 {
				t.Errorf("income budget = %v, want 46 166 tkr", r.Amounts[tertial.ColBudget])
			}
		}
	}
}

// A change target against a named base year survives export and import, and a change
// without a unit on an indicator in percent is written, and read, as percentage points.
func TestChangeTargetsRoundTrip(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	var pct, km *tertial.Indicator
	for i := range ds.Indicators {
		switch ind := &ds.Indicators[i]; {
		case ind.Unit == "%" && pct == nil && len(ind.Targets) > 0:
			pct = ind
		case ind.Unit == "km":
			km = ind
		}
	}
	if pct == nil || km == nil || km.LongTerm == nil {
		t.Fatal("the demo has no indicator in % with a target, or none in km with a long-term target")
	}
	pct.Targets[0].Target = tertial.Target{Kind: tertial.TargetChange, Value: tertial.MustParseDecimal("2")}
	km.Targets[0].Target = tertial.Target{Kind: tertial.TargetIncrease, Base: km.Targets[0].Year - 2}
	km.LongTerm.Target = tertial.Target{Kind: tertial.TargetChange, Value: tertial.MustParseDecimal("5"), Unit: "%", Base: 2019}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"target: +2 procentenheter}", "target: Öka jfr " + strconv.Itoa(km.Targets[0].Year-2) + "}", "target: +5 % jfr 2019}"} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	// A file that still writes the bare form reads it as percentage points.
	old := bytes.Replace(first, []byte("target: +2 procentenheter}"), []byte(`target: "+2"}`), 1)
	if bytes.Equal(old, first) {
		t.Fatal("the export has no target +2 procentenheter to write back bare")
	}
	again, err := dataset.Decode(old, "old.yaml")
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	for _, ind := range again.Indicators {
		if ind.ID == pct.ID && ind.Targets[0].Target.Unit != tertial.PointsUnit {
			t.Errorf("bare +2 on %s read as %+v", ind.ID, ind.Targets[0].Target)
		}
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
}
