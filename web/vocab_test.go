package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestStructurePagesSpeakTheVocabulary: Simrishamn says Aktivitet for an assignment and
// Fokusområde for a goal area; its structure pages (the goal tree, the forms of goals,
// indicators and assignments, the municipality page's link, a refused form's messages and
// a report template's labels) say its words, inflected, and never the default ones.
func TestStructurePagesSpeakTheVocabulary(t *testing.T) {
	d, ok := demo.Get("simrishamn")
	if !ok {
		t.Fatal("no Simrishamn demo")
	}
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if ds.Municipality.Vocabulary["assignment"] != "Aktivitet" || ds.Municipality.Vocabulary["goal_area"] != "Fokusområde" {
		t.Fatalf("the demo's vocabulary changed: %v", ds.Municipality.Vocabulary)
	}
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t), ds) // Huddinge first: its controller signs in

	admin := login(t, srv, "admin")
	base := srv.URL + "/kommuner/1291/struktur"
	goal, assignment := ds.Goals[len(ds.Goals)-1].ID, ds.Assignments[0].ID

	// defaults are the fixed words that must not show; each page must show its own words.
	defaults := []string{"uppdrag", "målområde"}
	pages := []struct {
		path string
		want []string
	}{
		{"/mal", []string{"Mål, indikatorer och aktiviteter", "Ny aktivitet", "<li>Aktivitet: <a href=\"/kommuner/1291/struktur/uppdrag/" + assignment + "\">", "med indikatorer och aktiviteter"}},
		{"/mal/nytt", []string{"Nytt mål", "<label for=\"omrade\">Fokusområde</label>", "Mål, indikatorer och aktiviteter"}},
		{"/mal/" + goal, []string{"Bara ett mål utan uppföljningar, indikatorer, aktiviteter och mål under sig"}},
		{"/uppdrag/nytt", []string{"<h1>Ny aktivitet</h1>", "Vad: aktiviteten", "När: klar senast"}},
		{"/uppdrag/" + assignment, []string{"Aktivitet: " + ds.Assignments[0].Title, "Bara en aktivitet utan uppföljningar"}},
		{"/indikatorer/ny", []string{"<h1>Ny indikator</h1>", "Välj mål"}},
	}
	for _, p := range pages {
		status, _, page := getAs(t, admin, base+p.path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", p.path, status)
		}
		for _, w := range p.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not say %q", p.path, w)
			}
		}
		for _, w := range defaults {
			if strings.Contains(strings.ToLower(text(page)), w) {
				t.Errorf("%s says the default word %q", p.path, w)
			}
		}
	}
	if _, _, page := getAs(t, admin, srv.URL+"/kommuner/1291"); !strings.Contains(page, ">Mål, indikatorer och aktiviteter</a>") ||
		strings.Contains(page, "indikatorer och uppdrag") {
		t.Error("the municipality page's link to the structure does not say Simrishamn's words")
	}
	// A refused assignment: its page title and the not-found message use the word.
	status, page := postAs(t, admin, base+"/uppdrag/nytt", url.Values{"version": {"0"}, "id": {"ny-akt"}, "titel": {"Läsfrämjande"}, "mal": {"finns-inte"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "<title>Fel i aktiviteten") {
		t.Errorf("refused assignment: %d", status)
	}
	if status, _, page := getAs(t, admin, base+"/uppdrag/finns-inte"); status != http.StatusNotFound || !strings.Contains(page, "Det finns ingen aktivitet") {
		t.Errorf("unknown assignment: %d", status)
	}
	// The report template's labels: the assignments' section kind and the goal areas.
	status, _, page = getAs(t, admin, srv.URL+"/kommuner/1291/struktur/mallar/"+ds.Templates[0].ID)
	if status != http.StatusOK {
		t.Fatalf("template page: %d", status)
	}
	for _, w := range []string{">Aktiviteter (assignments)</option>", "Fokusområden (tom: alla)", "Tabell per fokusområde", "(mål och resultat, aktiviteter och nyckeltal; tom: alla)"} {
		if !strings.Contains(page, w) {
			t.Errorf("the template page does not say %q", w)
		}
	}
	for _, w := range []string{">Uppdrag (assignments)", "Målområden", "per målområde"} {
		if strings.Contains(page, w) {
			t.Errorf("the template page says %q", w)
		}
	}

	// Huddinge, with no vocabulary of its own, keeps the defaults.
	if _, _, page := getAs(t, session, srv.URL+"/kommuner/0126/struktur/uppdrag/nytt"); !strings.Contains(page, "<h1>Nytt uppdrag</h1>") ||
		!strings.Contains(page, "Vad: uppdraget") || !strings.Contains(page, "När: klart senast") {
		t.Error("Huddinge's assignment form does not say its default words")
	}
	if _, _, page := getAs(t, session, srv.URL+"/kommuner/0126/struktur/mal/nytt"); !strings.Contains(page, "<label for=\"omrade\">Målområde</label>") ||
		!strings.Contains(page, "Överordnat mål") {
		t.Error("Huddinge's goal form does not say its default words")
	}
}
