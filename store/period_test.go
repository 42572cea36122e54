package store_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// next2022 is Kommunstyrelsen's delårsrapport of 2022 made from the demo's of 2021: the
// same period a year later.
var next2022 = tertial.PeriodSpec{Unit: "ks", ID: "2022-08", Kind: tertial.PeriodInterim, Title: "Delårsrapport per 31 augusti 2022",
	Cutoff: day("2022-08-31"), Deadline: day("2022-09-10"), From: "2021-08"}

// moneyShape is a money table's structure as text: each row's ID, label, group and sign,
// nothing reported.
func moneyShape(rows []tertial.MoneyRow) string {
	var b strings.Builder
	for _, r := range rows {
		neg := "-"
		if r.Negate != nil {
			neg = map[bool]string{true: "neg", false: "pos"}[*r.Negate]
		}
		b.WriteString(r.ID + "|" + r.Label + "|" + string(r.Sum) + "|" + r.SumLabel + "|" + neg)
		if r.Group {
			b.WriteString("[" + moneyShape(r.Rows) + "]")
		}
		b.WriteString(";")
	}
	return b.String()
}

// TestCreatePeriodFromCarriesStructure: a period made from an earlier one has its
// template, tables, texts, assessments and attachments, and not one figure or text of it.
func TestCreatePeriodFromCarriesStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		from := before.Period("ks", "2021-08")
		p, err := db.CreatePeriod(ctx, "controller", "0126", next2022)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != tertial.PeriodOpen || p.From != "2021-08" || p.Template != from.Template || p.Template == "" ||
			!p.Deadline.Equal(day("2022-09-10")) || p.Title != next2022.Title || !p.DecisionDate.IsZero() {
			t.Errorf("period %s: state %s, from %q, template %q, deadline %s, decision %s", p.ID, p.State, p.From, p.Template, p.Deadline, p.DecisionDate)
		}
		// Texts: the same sections, each empty.
		if len(p.Texts) != len(from.Texts) || len(from.Texts) == 0 {
			t.Fatalf("%d texts, want %d", len(p.Texts), len(from.Texts))
		}
		for i, tx := range p.Texts {
			if tx.ID != from.Texts[i].ID || tx.Title != from.Texts[i].Title || tx.Body != "" {
				t.Errorf("text %d: %q %q body %q", i, tx.ID, tx.Title, tx.Body)
			}
		}
		// Assessments: the areas, none assessed.
		if len(p.Assessments) != 3 {
			t.Fatalf("assessments %+v", p.Assessments)
		}
		for i, a := range p.Assessments {
			if a.ID != from.Assessments[i].ID || a.Label != from.Assessments[i].Label || a.Assessment != tertial.AssessNone {
				t.Errorf("assessment %d: %+v", i, a)
			}
		}
		// Money tables: the same columns, rows, mapping; no amounts, no comments, no note.
		if len(p.MoneyTables) != len(from.MoneyTables) {
			t.Fatalf("%d money tables, want %d", len(p.MoneyTables), len(from.MoneyTables))
		}
		for i := range p.MoneyTables {
			got, want := &p.MoneyTables[i], &from.MoneyTables[i]
			if got.ID != want.ID || got.Title != want.Title || got.Unit != want.Unit || len(got.Columns) != len(want.Columns) ||
				len(got.Declared) != len(want.Declared) || len(got.Mapping) != len(want.Mapping) || got.Periodisation != want.Periodisation ||
				got.Total != want.Total || got.TotalNegate != want.TotalNegate || got.Note != "" {
				t.Errorf("money table %s differs in its structure: %+v", want.ID, got)
			}
			if moneyShape(got.Rows) != moneyShape(want.Rows) {
				t.Errorf("money table %s rows:\n%s\nwant\n%s", want.ID, moneyShape(got.Rows), moneyShape(want.Rows))
			}
			var walk func(rows []tertial.MoneyRow)
			walk = func(rows []tertial.MoneyRow) {
				for _, r := range rows {
					if len(r.Amounts) > 0 || r.Comment != "" {
						t.Errorf("money table %s row %s carried %v %q", want.ID, r.ID, r.Amounts, r.Comment)
					}
					walk(r.Rows)
				}
			}
			walk(got.Rows)
		}
		// The net-cost trend rolls on a year: the demo's row has 2019 in its history, 2020
		// as prior outcome and 2021 as outcome; the next year's shows 2020 and 2021.
		var politisk *tertial.MoneyRow
		for i := range p.MoneyTables {
			for j := range p.MoneyTables[i].Rows {
				if r := &p.MoneyTables[i].Rows[j]; r.ID == "politisk-verksamhet" {
					politisk = r
				}
			}
		}
		if politisk == nil {
			t.Fatal("no row politisk-verksamhet")
		}
		if h := politisk.History; len(h) != 2 || h[0] != (tertial.YearAmount{Year: 2020, Amount: tertial.Amount(-29697_000_00)}) ||
			h[1] != (tertial.YearAmount{Year: 2021, Amount: tertial.Amount(-31421_000_00)}) {
			t.Errorf("history of politisk-verksamhet: %+v", politisk.History)
		}
		// Free tables: columns and rows; the text cells (the rows' labels) only.
		for i := range p.FreeTables {
			got, want := &p.FreeTables[i], &from.FreeTables[i]
			if got.ID != want.ID || len(got.Columns) != len(want.Columns) || len(got.Leaves()) != len(want.Leaves()) || got.Note != "" {
				t.Errorf("free table %s: %+v", want.ID, got)
			}
			types := map[string]tertial.ColumnType{}
			for _, c := range want.Columns {
				types[c.ID] = c.Type
			}
			for j, r := range got.Leaves() {
				w := want.Leaves()[j]
				for id, c := range w.Cells {
					if cell, ok := r.Cells[id]; types[id] == tertial.ColText && (!ok || cell.Text != c.Text) {
						t.Errorf("free table %s row %s: text cell %s %q, want %q", want.ID, r.ID, id, cell.Text, c.Text)
					}
				}
				for id := range r.Cells {
					if types[id] != tertial.ColText {
						t.Errorf("free table %s row %s: %s cell %s carried", want.ID, r.ID, types[id], id)
					}
				}
			}
		}
		if len(p.Attachments) != len(from.Attachments) || len(p.Attachments) > 0 && p.Attachments[0].Title != from.Attachments[0].Title {
			t.Errorf("attachments %+v", p.Attachments)
		}
		// No follow-up is carried: the goals have none in the new period.
		after, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range after.Goals {
			for _, f := range g.Followups {
				if f.Period == "2022-08" {
					t.Errorf("goal %s has a follow-up in the new period", g.ID)
				}
			}
		}
		// The earlier period is as it was.
		if !bytes.Equal(periodYAML(t, before, "2021-08"), periodYAML(t, after, "2021-08")) {
			t.Error("the period made from changed")
		}
		// The earlier text is there for reference.
		prev, err := db.PreviousText(ctx, store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2022-08"}, from.Texts[0].ID)
		if err != nil || prev == nil || prev.Body != from.Texts[0].Body || prev.Period != "2021-08" || prev.PeriodTitle != from.Title {
			t.Errorf("previous text %+v, %v", prev, err)
		}
		if prev, err := db.PreviousText(ctx, store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, from.Texts[0].ID); prev != nil || err != nil {
			t.Errorf("a period made from none has a previous text: %+v %v", prev, err)
		}
		// Who made it is in the audit log.
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "period", Key: "ks/2022-08"})
		if err != nil || len(log) == 0 || log[0].Actor != "controller" {
			t.Errorf("audit log %+v %v", log, err)
		}
	})
}

// periodYAML is one period of ds in the dataset format.
func periodYAML(t *testing.T, ds *tertial.Dataset, id string) []byte {
	t.Helper()
	out := *ds
	out.Periods = nil
	for _, p := range ds.Periods {
		if p.ID == id {
			out.Periods = append(out.Periods, p)
		}
	}
	out.Goals, out.Assignments, out.Risks, out.Audits, out.Controls = nil, nil, nil, nil, nil
	b, err := dataset.Encode(&out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCreatePeriodOtherKindHasNoHistory: the annual report made from the delårsrapport
// carries no history: outcome for January–August is not the year's trend.
func TestCreatePeriodOtherKindHasNoHistory(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2021-12", Kind: tertial.PeriodAnnual,
		Title: "Verksamhetsberättelse 2021", Cutoff: day("2021-12-31"), From: "2021-08"})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, tbl := range p.MoneyTables {
		for _, r := range tbl.Rows {
			rows++
			if len(r.History) > 0 {
				t.Errorf("%s/%s has history %v", tbl.ID, r.ID, r.History)
			}
		}
	}
	if rows == 0 {
		t.Fatal("no rows carried")
	}
}

// TestCreatePeriodRefusals: what the rules refuse is refused with the problem beside the
// field, and the database holds exactly what it held.
func TestCreatePeriodRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		// An annual report of 2021 to overlap with.
		if _, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2021-12", Kind: tertial.PeriodAnnual,
			Title: "Verksamhetsberättelse 2021", Cutoff: day("2021-12-31")}); err != nil {
			t.Fatal(err)
		}
		first, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		snapshot := encode(t, first)
		spec := func(change func(s *tertial.PeriodSpec)) tertial.PeriodSpec {
			s := next2022
			change(&s)
			return s
		}
		for _, c := range []struct {
			name, field, text string
			spec              tertial.PeriodSpec
		}{
			{"id the unit has", "id", `har redan en period "2021-08"`, spec(func(s *tertial.PeriodSpec) { s.ID = "2021-08" })},
			{"invalid id", "id", "ogiltigt id", spec(func(s *tertial.PeriodSpec) { s.ID = "Tertial 1" })},
			{"start after cut-off", "start", "startdatum efter brytdatum", spec(func(s *tertial.PeriodSpec) { s.Start = day("2022-09-01") })},
			{"no cut-off", "cutoff", "brytdatum saknas", spec(func(s *tertial.PeriodSpec) { s.Cutoff = time.Time{} })},
			{"unknown kind", "kind", `okänd periodtyp "tertial"`, spec(func(s *tertial.PeriodSpec) { s.Kind = "tertial" })},
			{"no title", "title", "värde saknas", spec(func(s *tertial.PeriodSpec) { s.Title = " " })},
			{"unknown unit", "unit", `ingen enhet "xx"`, spec(func(s *tertial.PeriodSpec) { s.Unit = "xx"; s.From = "" })},
			{"unknown template", "template", `ingen rapportmall "finns-inte"`, spec(func(s *tertial.PeriodSpec) { s.Template = "finns-inte" })},
			{"from a period the unit lacks", "from", `ingen period "2020-08"`, spec(func(s *tertial.PeriodSpec) { s.From = "2020-08" })},
			{"from another unit's period", "from", `enheten "ksf" har ingen period "2021-08"`, spec(func(s *tertial.PeriodSpec) { s.Unit = "ksf" })},
			{"the same days as another of its kind", "cutoff", `överlappar enhetens period "2021-08"`,
				spec(func(s *tertial.PeriodSpec) { s.ID = "t2"; s.Cutoff = day("2021-08-31") })},
			{"part of another's days", "cutoff", `överlappar enhetens period "2021-12"`, spec(func(s *tertial.PeriodSpec) {
				s.ID, s.Kind, s.Start, s.Cutoff = "brutet", tertial.PeriodAnnual, day("2021-07-01"), day("2022-06-30")
			})},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := db.CreatePeriod(ctx, "controller", "0126", c.spec)
				if tertial.ErrorCode(err) != tertial.EINVALID {
					t.Fatalf("err %v, want EINVALID", err)
				}
				found := false
				for _, p := range tertial.ProblemsOf(err) {
					if p.Path == c.field && strings.Contains(p.Message, c.text) {
						found = true
					}
				}
				if !found {
					t.Errorf("problems %v, want %s: …%s…", tertial.ProblemsOf(err), c.field, c.text)
				}
				now, err := db.Dataset(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(encode(t, now), snapshot) {
					t.Error("the database changed")
				}
			})
		}
		// Inside another of its kind, or of another kind, is fine: tertial 1 inside the
		// delårsrapport per augusti, both inside the annual report.
		if _, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2021-04", Kind: tertial.PeriodInterim,
			Title: "Tertialrapport 1 2021", Cutoff: day("2021-04-30")}); err != nil {
			t.Errorf("a period inside another: %v", err)
		}
		if _, err := db.CreatePeriod(ctx, "controller", "9999", next2022); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown municipality: %v", err)
		}
	})
}

// TestCreatedPeriodRoundTrip: the export of a database with a period made from another
// imports into a fresh database and exports byte-identical.
func TestCreatedPeriodRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreatePeriod(ctx, "controller", "0126", next2022); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		first := encode(t, ds)
		if !strings.Contains(string(first), "\n    from: 2021-08\n") {
			t.Error("the export does not say what the period was made from")
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
	})
}
