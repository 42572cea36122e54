package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

func sectionKinds(ss []tertial.Section) []tertial.SectionKind {
	var out []tertial.SectionKind
	for _, s := range ss {
		out = append(out, s.Kind)
		out = append(out, sectionKinds(s.Sections)...)
	}
	return out
}

func sectionRefs(ss []tertial.Section, k tertial.SectionKind) []string {
	var out []string
	for _, s := range ss {
		if s.Kind == k {
			out = append(out, s.Ref)
		}
		out = append(out, sectionRefs(s.Sections, k)...)
	}
	return out
}

// TestStarterTemplatePages: a controller creates the municipality's årsredovisning and
// delårsrapport from the starting templates on the templates page, with an ID and a name
// of their own or the starter's, and copies one of the municipality's templates; a
// period of fullmäktige made from a starting template on the "Ny period" form gets the
// template created with it.
func TestStarterTemplatePages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	muni := srv.URL + "/kommuner/9901"
	base := muni + "/struktur/mallar"
	_, _, page := getAs(t, session, base)
	for _, v := range []string{"start:arsredovisning-kommun", "start:delarsrapport-kommun", "mall:verksamhetsplan"} {
		if !strings.Contains(page, `<option value="`+v+`"`) {
			t.Errorf("the new template's form offers no %s", v)
		}
	}
	if !strings.Contains(text(page), "id:t drift, det som de flesta nämnderna använder") {
		t.Error("the form does not name the boards' money table")
	}

	want := map[string][]tertial.SectionKind{
		"arsredovisning-kommun": {tertial.SectionCover, tertial.SectionStatement, tertial.SectionStatementNotes, tertial.SectionConsolidatedStatement,
			tertial.SectionBalanceRequirement, tertial.SectionFinancialGoals, tertial.SectionFiveYear, tertial.SectionNetCostReconciliation,
			tertial.SectionBoardDeviations, tertial.SectionCouncilGoals, tertial.SectionBoardReports},
		"delarsrapport-kommun": {tertial.SectionStatement, tertial.SectionStatementNotes, tertial.SectionBalanceRequirement,
			tertial.SectionFinancialGoals, tertial.SectionBoardDeviations, tertial.SectionCouncilGoals},
	}
	// Ekby has a template delarsrapport-kommun: the starter's gets the next free ID.
	for _, c := range []struct{ source, id, name, wantID, wantName string }{
		{"start:arsredovisning-kommun", "", "", "arsredovisning-kommun", "Årsredovisning (kommun)"},
		{"start:delarsrapport-kommun", "", "", "delarsrapport-kommun-2", "Delårsrapport (kommun)"},
		{"start:arsredovisning-kommun", "ar-egen", "Vår årsredovisning", "ar-egen", "Vår årsredovisning"},
	} {
		status, _ := postAs(t, session, base, url.Values{"utga-fran": {c.source}, "id": {c.id}, "namn": {c.name}})
		if status != http.StatusSeeOther {
			t.Fatalf("%s: %d", c.source, status)
		}
		ds, _ := db.Dataset(context.Background(), "9901")
		tpl := ds.Template(c.wantID)
		if tpl == nil || tpl.Name != c.wantName {
			t.Fatalf("%s: template %s = %+v", c.source, c.wantID, tpl)
		}
		kinds := sectionKinds(tpl.Sections)
		for _, k := range want[strings.TrimPrefix(c.source, "start:")] {
			if !slices.Contains(kinds, k) {
				t.Errorf("%s lacks a %s section", c.wantID, k)
			}
		}
		if refs := sectionRefs(tpl.Sections, tertial.SectionBoardDeviations); len(refs) != 1 || refs[0] != "drift" {
			t.Errorf("%s: board_deviations refs %v", c.wantID, refs)
		}
		// Its page shows the statements' refs as a choice of RR, BR and KF.
		_, _, page := getAs(t, session, base+"/"+c.wantID)
		if !regexp.MustCompile(`<select id="s\d+-ref" name="s\d+-ref"[^>]*><option value="RR" selected>RR – Resultaträkning</option><option value="BR">BR – Balansräkning</option><option value="KF">KF – Kassaflödesanalys</option></select>`).MatchString(page) {
			t.Errorf("%s: no choice of statement", c.wantID)
		}
	}
	// A copy of the municipality's template.
	if status, _ := postAs(t, session, base, url.Values{"utga-fran": {"mall:verksamhetsplan"}}); status != http.StatusSeeOther {
		t.Fatalf("copy: %d", status)
	}
	ds, _ := db.Dataset(context.Background(), "9901")
	if cp, orig := ds.Template("verksamhetsplan-kopia"), ds.Template("verksamhetsplan"); cp == nil || !slices.Equal(sectionKinds(cp.Sections), sectionKinds(orig.Sections)) {
		t.Errorf("copy %+v", cp)
	}
	// An unknown source is refused beside its field, and nothing is created.
	status, page := postAs(t, session, base, url.Values{"utga-fran": {"start:finns-inte"}, "id": {"x"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="utga-fran-fel"`) {
		t.Errorf("unknown source: %d", status)
	}
	if ds, _ := db.Dataset(context.Background(), "9901"); ds.Template("x") != nil {
		t.Error("a template was created from an unknown source")
	}

	// Ny period: fullmäktige's delårsrapport from the starter, created with its template.
	form := url.Values{"ny-enhet": {"kf"}, "ny-typ": {"interim"}, "ny-id": {"2026-08"}, "ny-titel": {"Delårsrapport 2026"},
		"ny-brytdatum": {"2026-08-31"}, "ny-mall": {"start:delarsrapport-kommun"}}
	if status, page := postAs(t, session, muni+"/perioder", form); status != http.StatusSeeOther {
		t.Fatalf("new period from a starter: %d %s", status, fieldErrorsText(page))
	}
	ds, _ = db.Dataset(context.Background(), "9901")
	per := ds.Period("kf", "2026-08")
	if per == nil || per.Template != "delarsrapport-kommun-3" || ds.Template(per.Template) == nil {
		t.Fatalf("period %+v", per)
	}
	if !slices.ContainsFunc(per.Texts, func(x tertial.TextSection) bool { return x.ID == "sammanfattning" }) {
		t.Error("the period has no field for the template's text")
	}
	if status, _, page := getAs(t, session, muni+"/enheter/kf/perioder/2026-08/rapport"); status != http.StatusOK || !strings.Contains(page, "Balanskravsutredning enligt helårsprognosen") {
		t.Errorf("the period's report: %d", status)
	}
	// A refused period creates no template either.
	n := len(ds.Templates)
	form.Set("ny-brytdatum", "inte ett datum")
	form.Set("ny-id", "2026-09")
	if status, _ := postAs(t, session, muni+"/perioder", form); status != http.StatusUnprocessableEntity {
		t.Errorf("bad period: %d", status)
	}
	form.Set("ny-brytdatum", "2026-08-31")
	form.Set("ny-id", "2026-08") // the unit has it
	if status, _ := postAs(t, session, muni+"/perioder", form); status != http.StatusUnprocessableEntity {
		t.Errorf("period whose ID the unit has: %d", status)
	}
	if ds, _ := db.Dataset(context.Background(), "9901"); len(ds.Templates) != n {
		t.Errorf("a refused period left a template: %d templates, want %d", len(ds.Templates), n)
	}
}

var firstButtonRe = regexp.MustCompile(`<button type="submit"[^>]*>`)

// TestStructureFormEnter: the first submit button of the template form, which Enter in a
// field presses, saves; a post without a move button's name saves without moving.
func TestStructureFormEnter(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	base := srv.URL + "/kommuner/9901/struktur/mallar"
	for _, u := range []string{base + "/delarsrapport-kommun", srv.URL + "/kommuner/9901/enheter/ks/perioder/2025-08/struktur/tabeller/drift"} {
		status, _, page := getAs(t, session, u)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", u, status)
		}
		i := strings.Index(page, `<form method="post" action="`+strings.TrimPrefix(u, srv.URL)+`"`)
		if i < 0 {
			t.Fatalf("%s: no form", u)
		}
		if b := firstButtonRe.FindString(page[i:]); b != `<button type="submit">` {
			t.Errorf("%s: the form's first button is %s", u, b)
		}
	}
	_, _, page := getAs(t, session, base+"/delarsrapport-kommun")
	form := formValues(page, "/kommuner/9901/struktur/mallar/delarsrapport-kommun")
	form.Set("s2-titel", "Sammandrag")
	if status, _ := postAs(t, session, base+"/delarsrapport-kommun", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, _ := db.Dataset(context.Background(), "9901")
	orig := ekbyDemo(t).Template("delarsrapport-kommun")
	got := ds.Template("delarsrapport-kommun")
	if !slices.Equal(sectionKinds(got.Sections), sectionKinds(orig.Sections)) || got.Sections[2].Title != "Sammandrag" || got.Sections[0].Kind != tertial.SectionCover {
		t.Errorf("saved %+v", got.Sections)
	}
}

// TestCouncilAnnualLabel: fullmäktige's annual period reads Årsredovisning on its page and
// the municipality's; a board's stays Verksamhetsberättelse.
func TestCouncilAnnualLabel(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	muni := srv.URL + "/kommuner/9901"
	if _, _, page := getAs(t, session, muni+"/enheter/kf/perioder/2025-12"); !strings.Contains(text(page), "Typ Årsredovisning") {
		t.Error("kf's annual period is not Årsredovisning")
	}
	if _, _, page := getAs(t, session, muni+"/enheter/ks/perioder/2025-12"); !strings.Contains(text(page), "Typ Verksamhetsberättelse") {
		t.Error("ks's annual period is not Verksamhetsberättelse")
	}
	_, _, page := getAs(t, session, muni)
	if !strings.Contains(page, `<option value="annual">Verksamhetsberättelse (fullmäktige: årsredovisning)</option>`) {
		t.Error("the Ny period form's annual choice does not name the årsredovisning")
	}
	if !strings.Contains(text(page), "– Årsredovisning, ") || !strings.Contains(text(page), "– Verksamhetsberättelse, ") {
		t.Error("the municipality's page does not name both kinds")
	}
}
