package htmlreport_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestSimrishamnCoverAndGoalTables: the cover shows Simrishamn's labelled facts and its
// text; a goals table per area has a caption and column headers; the activities table
// puts each goal's activities in a row group of their own, headed by the goal
// (th scope=rowgroup across the table), and each comment in a data cell across it.
func TestSimrishamnCoverAndGoalTables(t *testing.T) {
	page := reports(t)["simrishamn"]
	header := page[strings.Index(page, "<header"):strings.Index(page, "</header>")]
	for _, want := range []string{
		`<p class="cutoff" data-field="status">Status: Påbörjad</p>`,
		`<p class="cutoff" data-field="cutoff">Rapportperiod: 2025</p>`,
		`<p class="cutoff" data-field="organisation">Organisation: Kultur- och fritidsnämnden</p>`,
		`<p>Ordförande: Charlotta Wasteson (L)</p>`,
	} {
		if !strings.Contains(header, want) {
			t.Errorf("the cover lacks %s:\n%s", want, header)
		}
	}
	if strings.Index(header, "Status: Påbörjad") > strings.Index(header, "Organisation:") {
		t.Error("the cover's facts are not in the fields' order")
	}

	table := func(caption string) string {
		t.Helper()
		i := strings.Index(page, "<caption>"+caption+"</caption>")
		if i < 0 {
			t.Fatalf("no table with the caption %q", caption)
		}
		start := strings.LastIndex(page[:i], "<table")
		return page[start : i+strings.Index(page[i:], "</table>")]
	}
	goals := table("Nämndmål: 04 Hav och marina resurser")
	for _, want := range []string{`<th scope="col">Nämndmål</th><th scope="col">Bedömning</th>`,
		`<th scope="row">Verka för kunskapsspridning och beteendeförändring avseende havsmiljöfrågor.</th><td data-col="assessment"><span class="symbol result-reaches" aria-hidden="true">✔</span> Uppnås</td>`} {
		if !strings.Contains(goals, want) {
			t.Errorf("the goals table lacks %s:\n%s", want, goals)
		}
	}
	eko := table("Verksamhetsmål: Ekonomin sätter gränsen för verksamhetens omfattning")
	if !regexp.MustCompile(`<tr id="[^"]+-kommentar" class="comment"><td colspan="2" data-col="comment"><p><strong>Kommentar:</strong></p>\s*<p>Nämnden har under året påbörjat`).MatchString(eko) {
		t.Errorf("the analysis is not a comment across the goals table:\n%s", eko)
	}

	acts := table("Aktivitet: 08 Hållbart samhällsbyggande")
	if !strings.Contains(acts, `<th scope="col">Aktivitet</th><th scope="col">Status</th><th scope="col" class="num">Färdiggrad</th>`) {
		t.Errorf("the activities table's header:\n%s", acts)
	}
	groups := regexp.MustCompile(`<tbody>\s*<tr id="[^"]+" class="group"><th scope="rowgroup" colspan="3">([^<]+)</th></tr>`).FindAllStringSubmatch(acts, -1)
	if len(groups) != 2 || groups[0][1] != "Bevara och utveckla Simrishamns och Österlens attraktivitet genom möjligheterna i kulturarvet, kulturmiljön, kulturlivet och landskapets värden." ||
		groups[1][1] != "Arbeta för en livskraftig landsbygd." {
		t.Errorf("row groups %q, want one tbody per goal headed by it:\n%s", groups, acts)
	}
	if n := strings.Count(acts, "<tbody>"); n != 2 || n != strings.Count(acts, "</tbody>") {
		t.Errorf("%d tbody elements, want 2", n)
	}
	if !strings.Contains(acts, `<td data-col="status"><span class="symbol status-warn" aria-hidden="true">◐</span> Påbörjad</td><td data-col="progress" class="num">75 %</td>`) {
		t.Errorf("an activity's status and progress:\n%s", acts)
	}
	if !strings.Contains(acts, `<td colspan="3" data-col="comment"><p><strong>Kommentar:</strong></p>`+"\n"+`<p>Projektet genomfört och avslutat för 2025.`) {
		t.Errorf("an activity's comment:\n%s", acts)
	}
	if !strings.Contains(page, `<h2 id="avsnitt-vision-2030-rubrik">Vision 2030</h2>`) {
		t.Error("no vision section headed by its title")
	}
}
