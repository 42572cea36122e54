package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// pooledDemo is the demo with Resultat exkl exploatering given as årets resultat over
// skatteintäkter och generella statsbidrag (mnkr) and the stage target for 2021 pooled
// over 2020–2022: in the interim report of August 2021 the years so far are 2020 and 2021,
// (430 + 410) / (7 050 + 7 320) = 840 / 14 370 = 5,85 %.
func pooledDemo(t *testing.T, target string) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	var ind *tertial.Indicator
	for i := range ds.Indicators {
		if ds.Indicators[i].ID == "resultat-exkl-exploatering" {
			ind = &ds.Indicators[i]
		}
	}
	if ind == nil || ind.TargetEntry(2021) == nil {
		t.Fatal("the demo has no indicator resultat-exkl-exploatering with a target for 2021")
	}
	for y, r := range map[int][2]string{2019: {"180", "6660"}, 2020: {"430", "7050"}, 2021: {"410", "7320"}} {
		v := ind.ValueFor(y)
		if v == nil {
			t.Fatalf("the demo has no value for %d", y)
		}
		v.Numerator, v.Denominator = dec(r[0]), dec(r[1])
	}
	tg, err := tertial.ParseTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	ind.TargetEntry(2021).Target = tg
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("the changed demo is not valid: %v", ps)
	}
	return ds
}

func dec(s string) *tertial.Decimal {
	d := tertial.MustParseDecimal(s)
	return &d
}

// indicatorRow returns the cells of an indicator's row in the first table that has it.
func indicatorRow(t *testing.T, doc *report.Document, id string) map[string]report.Cell {
	t.Helper()
	var found map[string]report.Cell
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			for _, b := range s.Blocks {
				if tb, ok := b.(*report.Table); ok && found == nil {
					for _, r := range tb.Rows {
						if r.ID == "indikator-"+id {
							found = map[string]report.Cell{}
							for _, c := range r.Cells {
								found[c.Col] = c
							}
						}
					}
				}
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if found == nil {
		t.Fatalf("no row for indicator %s", id)
	}
	return found
}

// The indicator table shows a pooled target with its years, and the assessment says what
// it rests on: the figure pooled so far and its years, in every format.
func TestPooledTargetInReport(t *testing.T) {
	doc, err := report.Build(pooledDemo(t, "≥2 % över 2020–2022"), "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	row := indicatorRow(t, doc, "resultat-exkl-exploatering")
	if got := row["target"].Text; got != "≥2\u00a0% över 2020–2022" {
		t.Errorf("target cell %q", got)
	}
	a := row["assessment"]
	// 2021 is a forecast, so the judgement on 2020–2021 is preliminary.
	if a.Text != "Uppnår etappmålet" || a.Detail != "preliminär bedömning, sammanvägt hittills 2020–2021: 5,8\u00a0%" {
		t.Errorf("assessment cell %q (%q)", a.Text, a.Detail)
	}
	for format, text := range texts(t, doc) {
		for _, want := range []string{"över 2020–2022", "sammanvägt hittills 2020–2021: 5,8"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", format, want)
			}
		}
	}

	// A target whose years lack numerators and denominators says which.
	doc, err = report.Build(pooledDemo(t, "≥2 % över 2018–2021"), "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	a = indicatorRow(t, doc, "resultat-exkl-exploatering")["assessment"]
	if want := "det sammanvägda utfallet för 2018–2021 kan inte beräknas utan täljare och nämnare för 2018"; a.Text != "Kan inte bedömas" || a.Detail != want {
		t.Errorf("assessment cell %q (%q), want the reason %q", a.Text, a.Detail, want)
	}
}
