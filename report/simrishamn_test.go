package report_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// simrishamn decodes testdata/simrishamn.yaml, Kultur- och fritidsnämnden's Årsbokslut
// 2025, with edit applied to the file first (nil: as it is).
func simrishamn(t *testing.T, edit func(string) string) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	if edit != nil {
		src = edit(src)
	}
	ds, err := dataset.Decode([]byte(src), "simrishamn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// replace returns an edit that replaces old with new once, failing when old is missing.
func replace(t *testing.T, old, new string) func(string) string {
	return func(s string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("simrishamn.yaml has changed: %q is not in it", old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func buildSimrishamn(t *testing.T, ds *tertial.Dataset) *report.Document {
	t.Helper()
	doc, err := report.Build(ds, "kfn", "2025")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findSection returns the first section with the title, depth first.
func findSection(t *testing.T, ss []*report.Section, title string) *report.Section {
	t.Helper()
	var found *report.Section
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			if found == nil && s.Title == title {
				found = s
			}
			walk(s.Sections)
		}
	}
	walk(ss)
	if found == nil {
		t.Fatalf("no section %q", title)
	}
	return found
}

func tablesOf(s *report.Section) []*report.Table {
	var ts []*report.Table
	for _, b := range s.Blocks {
		if t, ok := b.(*report.Table); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

// TestCoverFacts: Simrishamn's cover line "Status: Påbörjad   Rapportperiod: 2025-12-31
// Organisation: Kultur- och fritidsnämnden" comes from the cover's fields, in their order,
// with the labels of the vocabulary (its own word Rapportperiod for the cut-off); a
// decision shows once the period has one, and a fact the period lacks is left out.
func TestCoverFacts(t *testing.T) {
	doc := buildSimrishamn(t, simrishamn(t, nil))
	want := []report.Fact{
		{Field: tertial.CoverStatus, Label: "Status", Value: "Påbörjad"},
		{Field: tertial.CoverCutoff, Label: "Rapportperiod", Value: "2025"},
		{Field: tertial.CoverOrganisation, Label: "Organisation", Value: "Kultur- och fritidsnämnden"},
	}
	if !reflect.DeepEqual(doc.Facts, want) {
		t.Errorf("facts %+v, want %+v", doc.Facts, want)
	}
	if !doc.Cover || !strings.HasPrefix(doc.CoverText, "Ordförande: Charlotta Wasteson (L)") {
		t.Errorf("cover %v, cover text %q", doc.Cover, doc.CoverText)
	}

	// Reordered, with the decision, own words for the labels, and no status yet.
	ds := simrishamn(t, func(s string) string {
		s = replace(t, "fields: [status, cutoff, organisation]", "fields: [organisation, decision, status]")(s)
		s = replace(t, "    status: Påbörjad\n", "    decision: {date: 2026-02-18, paragraph: \"§ 9\"}\n")(s)
		return replace(t, "    assignment: Aktivitet\n", "    assignment: Aktivitet\n    organisation: Nämnd\n    decision: Beslutad\n")(s)
	})
	doc = buildSimrishamn(t, ds)
	want = []report.Fact{
		{Field: tertial.CoverOrganisation, Label: "Nämnd", Value: "Kultur- och fritidsnämnden"},
		{Field: tertial.CoverDecision, Label: "Beslutad", Value: "18 februari 2026, § 9"},
	}
	if !reflect.DeepEqual(doc.Facts, want) {
		t.Errorf("facts %+v, want %+v", doc.Facts, want)
	}
	findings, err := report.Check(ds, "kfn", "2025")
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(findings, "försättsbladet visar status, men perioden har ingen") {
		t.Errorf("check does not say the cover shows a status the period lacks: %v", findings)
	}

	// Without fields the cover has no facts, only its date line.
	doc = buildSimrishamn(t, simrishamn(t, replace(t, "{kind: cover, fields: [status, cutoff, organisation]}", "{kind: cover}")))
	if doc.Facts != nil || doc.Dated != "Rapportperiod 2025" {
		t.Errorf("facts %v, dated %q", doc.Facts, doc.Dated)
	}
}

func hasFinding(fs []report.Finding, text string) bool {
	for _, f := range fs {
		if strings.Contains(f.What, text) {
			return true
		}
	}
	return false
}

func rowTexts(t *report.Table) []string {
	var out []string
	for _, r := range t.Rows {
		text := r.Header.Text
		if text == "" {
			text = r.Header.Markdown
		}
		out = append(out, r.Class+"|"+text)
	}
	return out
}

// TestGoalsTableLayout: with layout table each goal area has its heading and description,
// one table of its goals (headed by the level's name, with the assessment and the analysis
// as a comment) and one table of its activities grouped by goal, with status, progress
// (Färdiggrad) and the comment under each, as in Simrishamn's "Måluppföljning".
func TestGoalsTableLayout(t *testing.T) {
	doc := buildSimrishamn(t, simrishamn(t, nil))
	chapter := findSection(t, doc.Sections, "Måluppföljning")
	var areas []string
	for _, s := range chapter.Sections {
		areas = append(areas, s.Title)
		if len(s.Sections) != 0 {
			t.Errorf("%s: goals have headings of their own: %v", s.Title, s.Sections)
		}
	}
	if want := []string{"Målområde: Ekonomin sätter gränsen för verksamhetens omfattning",
		"Målområde: 04 Hav och marina resurser", "Målområde: 08 Hållbart samhällsbyggande"}; !reflect.DeepEqual(areas, want) {
		t.Fatalf("areas %q, want %q", areas, want)
	}

	// Ekonomin sätter gränsen: the two verksamhetsmål, each with its comment; no activities.
	eko := chapter.Sections[0]
	ts := tablesOf(eko)
	if len(ts) != 1 {
		t.Fatalf("%s: %d tables, want the goals table alone", eko.Title, len(ts))
	}
	goals := ts[0]
	if h := goals.Head[0]; len(h) != 2 || h[0].Text != "Verksamhetsmål" || h[1].Text != "Bedömning" {
		t.Errorf("goals table head %+v", h)
	}
	if goals.Caption != "Verksamhetsmål: Ekonomin sätter gränsen för verksamhetens omfattning" {
		t.Errorf("caption %q", goals.Caption)
	}
	if len(goals.Rows) != 4 {
		t.Fatalf("rows %q, want two goals with a comment each", rowTexts(goals))
	}
	g, c := goals.Rows[0], goals.Rows[1]
	if g.Header.Text != "Kommunen ska skapa förutsättningar för ett varierat och rikt utbud inom kultur och fritid för alla." || g.Full {
		t.Errorf("first goal row %+v", g)
	}
	if a := g.Cells[0]; a.Text != "Uppnås" || a.Symbol != "✔" {
		t.Errorf("assessment %+v", a)
	}
	if !c.Full || c.Class != "comment" || !strings.HasPrefix(c.Header.Markdown, "**Kommentar:**\n\nNämnden har under året påbörjat en bredare samverkan") {
		t.Errorf("comment row %+v", c)
	}

	// 08 Hållbart samhällsbyggande: the area's description, the two nämndmål without
	// comments, then the activities under a row per goal.
	sb := chapter.Sections[2]
	if md, ok := sb.Blocks[0].(*report.Markdown); !ok || !strings.HasPrefix(md.Text, "Samhällsbyggande och planering påverkar") {
		t.Errorf("first block %#v, want the area's description", sb.Blocks[0])
	}
	ts = tablesOf(sb)
	if len(ts) != 2 {
		t.Fatalf("%s: %d tables, want goals and activities", sb.Title, len(ts))
	}
	if h := ts[0].Head[0][0].Text; h != "Nämndmål" {
		t.Errorf("goals column %q", h)
	}
	if n := len(ts[0].Rows); n != 2 {
		t.Errorf("%d goal rows, want 2: %q", n, rowTexts(ts[0]))
	}
	acts := ts[1]
	var head []string
	for _, h := range acts.Head[0] {
		head = append(head, h.Text)
	}
	if want := []string{"Aktivitet", "Status", "Färdiggrad"}; !reflect.DeepEqual(head, want) {
		t.Errorf("activities head %q, want %q", head, want)
	}
	if acts.Caption != "Aktivitet: 08 Hållbart samhällsbyggande" {
		t.Errorf("caption %q", acts.Caption)
	}
	want := []string{
		"group|Bevara och utveckla Simrishamns och Österlens attraktivitet genom möjligheterna i kulturarvet, kulturmiljön, kulturlivet och landskapets värden.",
		"|Lokal litteraturfestival: Undersöka möjligheterna att i samarbete med lokala aktörer inom KKB arrangera en litteraturfestival.",
		"comment|**Kommentar:**\n\nLitteraturfestivalen Östelen Läser genomfördes enligt plan under evenemanget Österlen Lyser 2025.",
		"group|Arbeta för en livskraftig landsbygd.",
		"|Utveckla friluftsliv samt kultur- och fritidsaktiviteter för barn och ungdomar i samarbete med föreningar verksamma på landsbygden.",
		"comment|**Kommentar:**\n\nUnder året hade fritidsenheten sökt samarbeten med föreningar på landsbygden\nkopplat till sommarverksamheten och fortsatte arbetet under hösten 2025 inom\nramen för ALF-projektet.\n",
		"|Öka tillgängligheten till fler fornlämningar och kulturmiljöer på hela Österlen och därmed sprida intresserade kommuninvånare och turister i landskapet.",
		"comment|**Kommentar:**\n\nProjektet genomfört och avslutat för 2025. Nya medel från länsstyrelsen har sökts inför 2026.",
	}
	if got := rowTexts(acts); !reflect.DeepEqual(got, want) {
		t.Errorf("activity rows\n%q\nwant\n%q", got, want)
	}
	for _, i := range []int{0, 2, 3, 5, 7} {
		if !acts.Rows[i].Full {
			t.Errorf("row %d (%s) is not one cell across the table", i, acts.Rows[i].Class)
		}
	}
	friluftsliv := acts.Rows[4]
	if s, p := friluftsliv.Cells[0], friluftsliv.Cells[1]; s.Text != "Påbörjad" || s.Detail != "" || p.Text != "75 %" || p.Number == nil || p.Number.String() != "75" {
		t.Errorf("status %+v, progress %+v", s, p)
	}

	// An activity's description stands under its title, as in the headings layout.
	hav := tablesOf(chapter.Sections[1])[1]
	if md := hav.Rows[1].Header.Markdown; !strings.HasPrefix(md, "Föreläsningar för medborgare och medarbetare.\n\nAnvända biblioteket som plattform") {
		t.Errorf("activity with a description: %q", md)
	}
}

// TestGoalsTableMixedLevels: in a table of goals of several levels the column is headed by
// the word for goals, each goal names its level, and sub-goals are indented; the headings
// layout is unchanged by the option's absence.
func TestGoalsTableMixedLevels(t *testing.T) {
	ds := ekbyWith(t, "          - {kind: goals, title: Nämndens mål, layout: table}\n")
	doc, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	chapter := findSection(t, doc.Sections, "Nämndens mål")
	area := findSection(t, chapter.Sections, "Målområde: Ett rikt liv för alla i Ekby – social hållbarhet")
	goals := tablesOf(area)[0]
	if h := goals.Head[0][0].Text; h != "Mål" {
		t.Errorf("column %q, want Mål", h)
	}
	var got []string
	for _, r := range goals.Rows {
		if !r.Full {
			got = append(got, r.Header.Text+" ("+r.Header.Detail+") "+strings.Repeat(">", r.Depth))
		}
	}
	want := []string{
		"Alla invånare har tillgång till ett rikt kultur- och fritidsliv (Kommunfullmäktigemål) ",
		"Fler barn och unga deltar i kultur- och fritidsaktiviteter (Nämndmål) >",
		"Biblioteken når fler unga läsare (Förvaltningsmål) >>",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("goal rows\n%q\nwant\n%q", got, want)
	}
}

// TestGoalsFilterByTagsAndOwners: a goals or assignments section chooses goals by tag
// (goals carrying one of the tags) and by owner (goals of these units).
func TestGoalsFilterByTagsAndOwners(t *testing.T) {
	ds := simrishamn(t, replace(t, "{kind: goals, title: Måluppföljning, layout: table}", "{kind: goals, title: Måluppföljning, layout: table, tags: [budgetmal]}"))
	doc := buildSimrishamn(t, ds)
	chapter := findSection(t, doc.Sections, "Måluppföljning")
	if len(chapter.Sections) != 1 || chapter.Sections[0].Title != "Målområde: Ekonomin sätter gränsen för verksamhetens omfattning" {
		t.Errorf("areas shown for tag budgetmal: %v", chapter.Sections)
	}

	// The assignments section lists the activities of the agenda2030 goals of kfn.
	acts := findSection(t, doc.Sections, "Aktiviteter för Agenda 2030")
	table := tablesOf(acts)[0]
	if len(table.Rows) != 5 || table.Rows[0].Header.Markdown == "" || !strings.HasPrefix(table.Rows[0].Header.Markdown, "Föreläsningar för medborgare") {
		t.Errorf("agenda2030 activities: %q", rowTexts(table))
	}

	// Ekby: the goals owned by the förvaltning (kff) alone, and by the nämnd (kfn) alone.
	for owner, want := range map[string][]string{
		"kff": {"Förvaltningsmål: Biblioteken når fler unga läsare"},
		"kfn": {"Nämndmål: Fler barn och unga deltar i kultur- och fritidsaktiviteter", "Nämndmål: Kultur- och fritidsanläggningarna blir energieffektivare"},
	} {
		ds := ekbyWith(t, "          - {kind: goals, title: Ägarens mål, owners: ["+owner+"]}\n")
		doc, err := report.Build(ds, "kfn", "2025-04")
		if err != nil {
			t.Fatal(err)
		}
		if got := goalTitles(t, doc, "Ägarens mål"); !reflect.DeepEqual(got, want) {
			t.Errorf("owners [%s]: %q, want %q", owner, got, want)
		}
	}
}

// TestVisionSection: a vision section is headed by the vision's title (or the word for
// vision) and shows its text; without a vision it shows a notice and check says so.
func TestVisionSection(t *testing.T) {
	doc := buildSimrishamn(t, simrishamn(t, nil))
	v := findSection(t, doc.Sections, "Vision 2030")
	if md, ok := v.Blocks[0].(*report.Markdown); !ok || md.Text != "Simrishamn är en hållbar kommun där människor vill leva, verka och besöka." {
		t.Errorf("vision blocks %#v", v.Blocks)
	}
	doc = buildSimrishamn(t, simrishamn(t, replace(t, "    title: Vision 2030\n", "")))
	findSection(t, doc.Sections, "Vision")

	ds := simrishamn(t, replace(t, "  vision:\n    title: Vision 2030\n    text: Simrishamn är en hållbar kommun där människor vill leva, verka och besöka.\n", ""))
	doc = buildSimrishamn(t, ds)
	if n, ok := findSection(t, doc.Sections, "Vision").Blocks[0].(*report.Notice); !ok || !strings.Contains(n.Text, "ingen vision") {
		t.Errorf("vision section without a vision: %#v", findSection(t, doc.Sections, "Vision").Blocks)
	}
	findings, err := report.Check(ds, "kfn", "2025")
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(findings, "kommunen har ingen vision") {
		t.Errorf("check does not warn of the missing vision: %v", findings)
	}
	findings, _ = report.Check(simrishamn(t, nil), "kfn", "2025")
	if hasFinding(findings, "vision") {
		t.Errorf("check warns of a vision that is there: %v", findings)
	}
}
