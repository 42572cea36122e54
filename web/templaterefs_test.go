package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestTemplatePageWarnsOfDanglingRefs: a template section naming a text that a period
// using the template lacks is accepted (not refused by the rule set), and the template's
// page warns of it beside that section alone, naming the period and the missing text.
func TestTemplatePageWarnsOfDanglingRefs(t *testing.T) {
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	tmpl := ds.Template(per.Template)
	tmpl.Sections = append(tmpl.Sections, tertial.Section{Kind: tertial.SectionText, Title: "Saknad text", Ref: "finns-inte"})
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	status, _, page := get(t, srv.URL+"/kommuner/0126/struktur/mallar/"+tmpl.ID)
	if status != http.StatusOK {
		t.Fatalf("template page: %d", status)
	}
	if n := strings.Count(page, "Avsnittet visar inget i de här perioderna"); n != 1 {
		t.Errorf("%d sections warned of, want 1", n)
	}
	i := strings.Index(page, "Saknad text</legend>")
	if i < 0 {
		t.Fatal("no fieldset of the section")
	}
	warning := page[i:min(len(page), i+600)]
	if !strings.Contains(warning, per.Title) || !strings.Contains(warning, "perioden har ingen text &#34;finns-inte&#34;") {
		t.Errorf("the section's warning does not name the period and the text: %s", warning)
	}
}
