package store_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// templateTextRefs returns the refs of a template's text sections, in order.
func templateTextRefs(t *tertial.Template) []string {
	var out []string
	var walk func([]tertial.Section)
	walk = func(ss []tertial.Section) {
		for _, s := range ss {
			if s.Kind == tertial.SectionText {
				out = append(out, s.Ref)
			}
			walk(s.Sections)
		}
	}
	walk(t.Sections)
	return out
}

// TestTemplateGivesTexts: a period made without an earlier one gets an empty text for
// each text its template shows; a text added to a template reaches the open periods that
// use it and no locked one; choosing a template gives its texts; nothing written is lost.
func TestTemplateGivesTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		tpl := ds.Template(ds.Period("ks", "2021-08").Template)
		refs := templateTextRefs(tpl)
		if len(refs) == 0 {
			t.Fatal("the demo's template shows no texts")
		}
		p, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2023-04", Kind: tertial.PeriodInterim,
			Title: "Tertialrapport 1 2023", Cutoff: day("2023-04-30"), Template: tpl.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Texts) != len(refs) {
			t.Fatalf("%d texts, want %d (%v)", len(p.Texts), len(refs), refs)
		}
		for i, x := range p.Texts {
			if x.ID != refs[i] || x.Body != "" {
				t.Errorf("text %d: %q %q", i, x.ID, x.Body)
			}
		}
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2023-04"}
		if _, err := db.SaveText(ctx, store.Edit{Actor: "controller", Period: ref, Version: p.Texts[0].Version}, p.Texts[0].ID, "Skrivet."); err != nil {
			t.Fatal(err)
		}
		// A new text in the template.
		withNew := *tpl
		withNew.Sections = append(append([]tertial.Section{}, tpl.Sections...), tertial.Section{Kind: tertial.SectionText, Title: "Framtiden", Ref: "framtiden"})
		if err := db.SaveTemplate(ctx, "controller", "0126", withNew, false); err != nil {
			t.Fatal(err)
		}
		after, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		for _, per := range after.Periods {
			has := false
			for _, x := range per.Texts {
				if x.ID == "framtiden" {
					has = x.Title == "Framtiden" && x.Body == ""
				}
			}
			want := per.Template == tpl.ID && per.State == tertial.PeriodOpen
			if has != want {
				t.Errorf("period %s/%s (%s, template %q) has the new text: %v", per.Unit, per.ID, per.State, per.Template, has)
			}
		}
		if got := after.Period("ks", "2023-04").Texts[0].Body; got != "Skrivet." {
			t.Errorf("the written text became %q", got)
		}
		// A period without a template gets the texts when it is given one.
		if _, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2023-08", Kind: tertial.PeriodInterim,
			Title: "Delårsrapport 2023", Cutoff: day("2023-08-31")}); err != nil {
			t.Fatal(err)
		}
		ref.Period = "2023-08"
		if err := db.SetPeriodTemplate(ctx, "controller", ref, tpl.ID); err != nil {
			t.Fatal(err)
		}
		after, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(after.Period("ks", "2023-08").Texts); n != len(refs)+1 {
			t.Errorf("after choosing the template: %d texts, want %d", n, len(refs)+1)
		}
	})
}
