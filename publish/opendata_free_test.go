package publish_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/publish"
)

// openJSON is the part of the open data JSON these tests read, declared here on its own
// rather than taken from the package.
type openJSON struct {
	Format     string `json:"format"`
	FreeTables []struct {
		ID      string `json:"id"`
		Columns []struct {
			ID      string `json:"id"`
			Type    string `json:"type"`
			Sum     bool   `json:"sum"`
			Formula string `json:"formula"`
			Unit    string `json:"unit"`
		} `json:"columns"`
		Rows []struct {
			ID      string `json:"id"`
			Label   string `json:"label"`
			Kind    string `json:"kind"`
			Formula string `json:"formula"`
			Cells   map[string]struct {
				Value    *json.Number `json:"value"`
				Text     string       `json:"text"`
				Before   string       `json:"before"`
				After    string       `json:"after"`
				Computed bool         `json:"computed"`
			} `json:"cells"`
		} `json:"rows"`
	} `json:"free_tables"`
	Assignments []openItem `json:"assignments"`
	Control     []openItem `json:"internal_control"`
}

type openItem struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	Goal       string `json:"goal"`
	Unit       string `json:"unit"`
	Due        string `json:"due"`
	Status     string `json:"status"`
	StatusText string `json:"status_text"`
	Comment    string `json:"comment"`
}

type csvKey struct{ typ, id, col string }

// openDataFiles builds the open data of Kommunstyrelsen's 2021-08 report and reads its
// CSV (by type, ID and column) and JSON back.
func openDataFiles(t *testing.T, ds *tertial.Dataset) (map[csvKey][]string, openJSON) {
	t.Helper()
	od, err := publish.BuildOpenData(ds, "ks", "2021-08", tertial.DefaultPublicSettings, time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	data, err := od.CSV()
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[csvKey][]string{}
	for _, r := range records[1:] {
		k := csvKey{r[0], r[1], r[3]}
		if _, dup := rows[k]; dup {
			t.Errorf("two CSV rows for %v", k)
		}
		rows[k] = r
	}
	js, err := od.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var oj openJSON
	if err := json.Unmarshal(js, &oj); err != nil {
		t.Fatal(err)
	}
	return rows, oj
}

// kronor rounds öre to whole kronor, half away from zero.
func kronor(ore int64) string {
	kr, rem := ore/100, ore%100
	if rem >= 50 {
		kr++
	} else if rem <= -50 {
		kr--
	}
	return strconv.FormatInt(kr, 10)
}

func ksPeriod(t *testing.T, ds *tertial.Dataset) *tertial.Period {
	t.Helper()
	per := ds.Period("ks", "2021-08")
	if per == nil {
		t.Fatal("the demo has no period 2021-08 for ks")
	}
	return per
}

func freeTable(per *tertial.Period, id string) *tertial.FreeTable {
	for i := range per.FreeTables {
		if per.FreeTables[i].ID == id {
			return &per.FreeTables[i]
		}
	}
	return nil
}

// TestOpenDataFreeTables: the demo's free tables are in the open data, each entered
// amount in whole kronor under the ID table/row, the formula column as its formula
// computes it from the dataset's cells, the sum row the sum of the rows the dataset
// holds, and the JSON says the same as the CSV.
func TestOpenDataFreeTables(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := ksPeriod(t, ds)
	rows, oj := openDataFiles(t, ds)
	st := freeTable(per, "statsbidrag")
	if st == nil || len(st.Rows) < 2 || st.SumLabel == "" {
		t.Fatal("the demo's table of state grants is not as this test expects")
	}
	// Entered amounts and the formula column netto = bidrag - kostnad, row by row.
	sums := map[string]int64{}
	for _, r := range st.Rows {
		for _, c := range st.Columns {
			if c.Type != tertial.ColAmount || len(c.Formula) > 0 {
				continue
			}
			cell, ok := r.Cells[c.ID]
			if !ok {
				continue
			}
			sums[c.ID] += int64(cell.Amount)
			got := rows[csvKey{"free_cell", "statsbidrag/" + r.ID, c.ID}]
			if got == nil || got[4] != kronor(int64(cell.Amount)) || got[5] != "kr" {
				t.Errorf("statsbidrag/%s %s: %v, want %s kr", r.ID, c.ID, got, kronor(int64(cell.Amount)))
			}
		}
		netto := int64(r.Cells["bidrag"].Amount - r.Cells["kostnad"].Amount)
		sums["netto"] += netto
		if got := rows[csvKey{"free_cell", "statsbidrag/" + r.ID, "netto"}]; got == nil || got[4] != kronor(netto) {
			t.Errorf("statsbidrag/%s netto: %v, want %s", r.ID, got, kronor(netto))
		}
		if got := rows[csvKey{"free_cell", "statsbidrag/" + r.ID, "namn"}]; got == nil || got[4] != r.Cells["namn"].Text || got[2] != r.Cells["namn"].Text {
			t.Errorf("statsbidrag/%s namn: %v, want %q", r.ID, got, r.Cells["namn"].Text)
		}
	}
	// The sum row: the columns marked for summing, each the sum of its rows' amounts.
	for _, c := range st.Columns {
		got := rows[csvKey{"free_cell", "statsbidrag/total", c.ID}]
		if !c.Sum {
			if got != nil {
				t.Errorf("statsbidrag/total has %s, which is not summed: %v", c.ID, got)
			}
			continue
		}
		if got == nil || got[4] != kronor(sums[c.ID]) || got[2] != st.SumLabel {
			t.Errorf("statsbidrag/total %s: %v, want %s (%q)", c.ID, got, kronor(sums[c.ID]), st.SumLabel)
		}
	}
	// Counts: the staff table's difference is aug21 - aug20.
	pt := freeTable(per, "personal")
	if pt == nil || len(pt.Rows) == 0 {
		t.Fatal("the demo's staff table is not as this test expects")
	}
	r0 := pt.Rows[0]
	if got, want := rows[csvKey{"free_cell", "personal/" + r0.ID, "skillnad"}], strconv.FormatInt(r0.Cells["aug21"].Count-r0.Cells["aug20"].Count, 10); got == nil || got[4] != want || got[5] != "" {
		t.Errorf("personal/%s skillnad: %v, want %s", r0.ID, got, want)
	}

	// The JSON: every table of the period, the same cells as the CSV, and the sum row is
	// the sum of the JSON's own rows of kind "row".
	if len(oj.FreeTables) != len(per.FreeTables) {
		t.Fatalf("%d free tables in the JSON, %d in the period", len(oj.FreeTables), len(per.FreeTables))
	}
	cells := 0
	for i, ft := range oj.FreeTables {
		if ft.ID != per.FreeTables[i].ID {
			t.Errorf("free table %d: %q, want %q", i, ft.ID, per.FreeTables[i].ID)
		}
		total := map[string]int64{}
		for _, r := range ft.Rows {
			for _, c := range ft.Columns {
				cell, ok := r.Cells[c.ID]
				if !ok {
					continue
				}
				cells++
				want := cell.Text
				if cell.Value != nil {
					want = cell.Value.String()
				}
				if got := rows[csvKey{"free_cell", r.ID, c.ID}]; got == nil || got[4] != want || got[5] != c.Unit {
					t.Errorf("JSON %s %s is %q %q, CSV %v", r.ID, c.ID, want, c.Unit, got)
				}
				if r.Kind == "row" && c.Sum && cell.Value != nil {
					n, err := cell.Value.Int64()
					if err != nil {
						t.Errorf("%s %s: %v", r.ID, c.ID, err)
					}
					total[c.ID] += n
				}
			}
			if r.Kind == "total" {
				for _, c := range ft.Columns {
					if c.Sum && c.Type == "amount" {
						if v := r.Cells[c.ID].Value; v == nil || v.String() != strconv.FormatInt(total[c.ID], 10) {
							t.Errorf("JSON %s %s: %v, want the sum of its rows %d", r.ID, c.ID, v, total[c.ID])
						}
					}
				}
			}
		}
	}
	n := 0
	for k := range rows {
		if k.typ == "free_cell" {
			n++
		}
	}
	if n != cells || n == 0 {
		t.Errorf("%d free cells in the CSV, %d in the JSON", n, cells)
	}
}

// TestOpenDataFreeTableShapes: groups, a row computed by a row formula, a word in place of
// a figure, marks and percentages: each row with its stable ID and kind, a group's sum the
// sum of its rows, the row formula's row added to no sum, and the IDs unchanged when a row
// is added before them.
func TestOpenDataFreeTableShapes(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := ksPeriod(t, ds)
	amount := func(kr int64) tertial.Cell { return tertial.Cell{Amount: tertial.Amount(kr * 100)} }
	per.FreeTables = append(per.FreeTables, tertial.FreeTable{ID: "lokaler", Title: "Lokaler", Unit: tertial.Kr, SumLabel: "Totalt",
		Columns: []tertial.FreeColumn{
			{ID: "namn", Label: "Lokal", Type: tertial.ColText},
			{ID: "kostnad", Label: "Kostnad", Type: tertial.ColAmount, Sum: true},
			{ID: "andel", Label: "Andel", Type: tertial.ColPercent},
		},
		Rows: []tertial.FreeRow{
			{ID: "skolor", Group: true, Label: "Skolor", Sum: tertial.SumBottom, SumLabel: "Summa skolor", Rows: []tertial.FreeRow{
				{ID: "norr", Cells: map[string]tertial.Cell{"namn": {Text: "Norr"}, "kostnad": {Amount: 1_000_050, Before: "ung"}, "andel": {Number: tertial.MustParseDecimal("12.5")}}},
				{ID: "syd", Cells: map[string]tertial.Cell{"namn": {Text: "Syd"}, "kostnad": amount(2500)}},
				{ID: "vast", Cells: map[string]tertial.Cell{"namn": {Text: "Väst"}, "kostnad": {Text: "Stängt"}}},
			}},
			{ID: "kontor", Cells: map[string]tertial.Cell{"namn": {Text: "Kontor"}, "kostnad": amount(700)}},
			{ID: "netto", Formula: tertial.Formula{{Column: "syd"}, {Column: "kontor", Negative: true}}, Cells: map[string]tertial.Cell{"namn": {Text: "Syd utom kontor"}}},
		}})
	rows, oj := openDataFiles(t, ds)
	get := func(id, col string) string {
		if r := rows[csvKey{"free_cell", "lokaler/" + id, col}]; r != nil {
			return r[4]
		}
		return "(none)"
	}
	norr := int64(1_000_050) // 10 000,50 kr: 10 001 rounded half away from zero
	if got := get("norr", "kostnad"); got != kronor(norr) {
		t.Errorf("norr: %s, want %s", got, kronor(norr))
	}
	if got := get("norr", "andel"); got != "12.5" || rows[csvKey{"free_cell", "lokaler/norr", "andel"}][5] != "%" {
		t.Errorf("norr andel: %s", got)
	}
	if got := get("vast", "kostnad"); got != "Stängt" {
		t.Errorf("the word in place of a figure: %q", got)
	}
	// The group's sum adds its rows with figures, rounded once.
	if got, want := get("skolor-summa", "kostnad"), kronor(norr+250_000); got != want {
		t.Errorf("skolor-summa: %s, want %s", got, want)
	}
	if got := get("netto", "kostnad"); got != "1800" {
		t.Errorf("the row formula syd - kontor: %s, want 1800", got)
	}
	// The total adds every entered row once and not the formula's row.
	if got, want := get("total", "kostnad"), kronor(norr+250_000+70_000); got != want {
		t.Errorf("total: %s, want %s", got, want)
	}
	var lok = -1
	for i := range oj.FreeTables {
		if oj.FreeTables[i].ID == "lokaler" {
			lok = i
		}
	}
	if lok < 0 {
		t.Fatal("no table lokaler in the JSON")
	}
	kinds := map[string]string{}
	for _, r := range oj.FreeTables[lok].Rows {
		kinds[r.ID] = r.Kind
		if r.ID == "lokaler/netto" && r.Formula != "syd - kontor" {
			t.Errorf("netto's formula %q", r.Formula)
		}
		if r.ID == "lokaler/norr" && (r.Cells["kostnad"].Before != "ung" || r.Label != "Norr") {
			t.Errorf("norr: %+v", r)
		}
	}
	want := map[string]string{"lokaler/skolor": "group", "lokaler/norr": "row", "lokaler/syd": "row", "lokaler/vast": "row",
		"lokaler/skolor-summa": "sum", "lokaler/kontor": "row", "lokaler/netto": "formula", "lokaler/total": "total"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("%s: kind %q, want %q (%v)", id, kinds[id], k, kinds)
		}
	}
	if len(kinds) != len(want) {
		t.Errorf("rows %v, want %v", kinds, want)
	}

	// A row added at the top changes no other row's ID.
	tbl := &per.FreeTables[len(per.FreeTables)-1]
	tbl.Rows = append([]tertial.FreeRow{{ID: "ny", Cells: map[string]tertial.Cell{"namn": {Text: "Ny"}, "kostnad": amount(1)}}}, tbl.Rows...)
	again, _ := openDataFiles(t, ds)
	for k, r := range rows {
		if k.typ != "free_cell" || k.id == "lokaler/total" {
			continue
		}
		if r2 := again[k]; r2 == nil || r2[4] != r[4] {
			t.Errorf("%v after a row was added: %v, was %v", k, r2, r)
		}
	}
}

// TestOpenDataAssignments: the unit's assignments and internal-control items with their
// status for the period, the status in the municipality's words, as the dataset holds
// them; JSON and CSV agree.
func TestOpenDataAssignments(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Assignments[0].Due = time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	rows, oj := openDataFiles(t, ds)
	type want struct {
		kind string
		f    *tertial.StatusFollowup
	}
	expect := map[string]want{}
	period := func(fs []tertial.StatusFollowup) *tertial.StatusFollowup {
		for i := range fs {
			if fs[i].Period == "2021-08" && (fs[i].Unit == "" || fs[i].Unit == "ks") {
				return &fs[i]
			}
		}
		return nil
	}
	for i := range ds.Assignments {
		a := &ds.Assignments[i]
		if ds.AssignmentUnit(a) == "ks" {
			expect[a.ID] = want{"assignment", period(a.Followups)}
		}
	}
	for _, r := range ds.Risks {
		for _, a := range r.Actions {
			if r.Unit == "ks" {
				expect[a.ID] = want{"risk_action", period(a.Followups)}
			}
		}
	}
	for _, a := range ds.Audits {
		if a.Unit == "ks" {
			expect[a.ID] = want{"audit", period(a.Followups)}
		}
	}
	for _, c := range ds.Controls {
		if c.Unit == "ks" {
			expect[c.ID] = want{"control", period(c.Followups)}
		}
	}
	items := append(append([]openItem(nil), oj.Assignments...), oj.Control...)
	if len(items) != len(expect) || len(oj.Assignments) < 5 || len(oj.Control) < 5 {
		t.Errorf("%d assignments and %d internal-control items, want %d in all", len(oj.Assignments), len(oj.Control), len(expect))
	}
	kinds := map[string]bool{}
	for _, it := range items {
		w, ok := expect[it.ID]
		if !ok {
			t.Errorf("%s is not an item of ks", it.ID)
			continue
		}
		kinds[it.Kind] = true
		if w.f == nil {
			t.Fatalf("%s has no follow-up in the demo", it.ID)
		}
		level, ok := ds.Municipality.Level(tertial.ScaleStatuses, string(w.f.Status))
		if it.Kind != w.kind || it.Status != string(w.f.Status) || !ok || it.StatusText != level.Name || it.Comment != w.f.Comment || it.Unit != "ks" {
			t.Errorf("%s: %+v, want %s %s %q", it.ID, it, w.kind, w.f.Status, level.Name)
		}
		typ, col := "control_status", it.Kind
		if it.Kind == "assignment" {
			typ, col = "assignment_status", ""
		}
		if r := rows[csvKey{typ, it.ID, col}]; r == nil || r[4] != it.Status || r[2] != it.Title {
			t.Errorf("CSV %s %s: %v, JSON says %q", typ, it.ID, r, it.Status)
		}
	}
	if len(kinds) != 4 {
		t.Errorf("kinds %v, want the four", kinds)
	}
	a0 := ds.Assignments[0]
	if oj.Assignments[0].ID != a0.ID || oj.Assignments[0].Due != "2021-12-31" || oj.Assignments[0].Goal != a0.Goal || oj.Assignments[0].Title != a0.Title {
		t.Errorf("first assignment %+v, want %s due 2021-12-31 for goal %s", oj.Assignments[0], a0.ID, a0.Goal)
	}
	n := 0
	for k := range rows {
		if k.typ == "assignment_status" || k.typ == "control_status" {
			n++
		}
	}
	if n != len(items) {
		t.Errorf("%d status rows in the CSV, %d items in the JSON", n, len(items))
	}
}
