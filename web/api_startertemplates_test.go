package web_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// apiSectionRefs collects the refs of the API's sections of a kind, at any depth.
func apiSectionRefs(v any, kind string) []string {
	var out []string
	ss, _ := v.([]any)
	for _, x := range ss {
		m, _ := x.(map[string]any)
		if m["kind"] == kind {
			ref, _ := m["ref"].(string)
			out = append(out, ref)
		}
		out = append(out, apiSectionRefs(m["sections"], kind)...)
	}
	return out
}

// TestAPIStarterTemplates: GET …/starter-templates lists the four starting templates on
// Ekby with the boards' money table as the ref of the boards' sections and the free IDs;
// POST …/templates with "from" creates the template with the starter's sections, a free ID
// and its name where the body leaves them out; an unknown starter or template is 422 at
// its field; a reader gets 403 and nothing is created.
func TestAPIStarterTemplates(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ekby := ekbyDemo(t)
	srv, tokens := apiSite(t, db, ekby)
	base := "/api/v1/municipalities/9901"
	table := ekby.BoardMoneyTableID()
	if table == "" {
		t.Fatal("Ekby's boards have no money table")
	}

	r := call(t, srv, "GET", base+"/starter-templates", tokens["lasare-ekby"], nil)
	if r.status != http.StatusOK {
		t.Fatalf("list: %d %s", r.status, r.raw)
	}
	validate(t, "StarterTemplates", r.raw)
	if r.body["board_money_table"] != table {
		t.Errorf("board_money_table %v, want %s", r.body["board_money_table"], table)
	}
	var ids []string
	starters, _ := r.body["starters"].([]any)
	for i := range starters {
		id, _ := path(r.body, "starters", i, "id").(string)
		ids = append(ids, id)
		for _, kind := range []string{"board_deviations", "net_cost_reconciliation"} {
			for _, ref := range apiSectionRefs(path(r.body, "starters", i, "sections"), kind) {
				if ref != table {
					t.Errorf("%s: %s ref %q, want %s", id, kind, ref, table)
				}
			}
		}
	}
	if want := []string{"arsredovisning-kommun", "delarsrapport-kommun", "verksamhetsberattelse-namnd", "delarsrapport-namnd"}; !slices.Equal(ids, want) {
		t.Errorf("starters %v, want %v", ids, want)
	}
	if got := apiSectionRefs(path(r.body, "starters", 0, "sections"), "board_deviations"); len(got) != 1 {
		t.Errorf("the årsredovisning has board_deviations %v", got)
	}
	// Ekby has a template delarsrapport-kommun: the starter's free ID is the next one.
	if path(r.body, "starters", 1, "free_id") != "delarsrapport-kommun-2" || path(r.body, "starters", 0, "free_id") != "arsredovisning-kommun" {
		t.Errorf("free IDs %v %v", path(r.body, "starters", 0, "free_id"), path(r.body, "starters", 1, "free_id"))
	}

	url := base + "/templates"
	stored := func() *tertial.Dataset {
		ds, err := db.Dataset(context.Background(), "9901")
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	n := len(stored().Templates)
	if r := call(t, srv, "POST", url, tokens["lasare-ekby"], map[string]any{"from": "delarsrapport-kommun"}); r.status != http.StatusForbidden {
		t.Errorf("reader: %d %s", r.status, r.raw)
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"from": "finns-inte"}, "from"},
		{map[string]any{"from_template": "finns-inte"}, "from_template"},
		{map[string]any{"from": "delarsrapport-kommun", "sections": []any{map[string]any{"kind": "cover"}}}, "sections"},
	} {
		r := call(t, srv, "POST", url, tokens["controller-ekby"], c.body)
		if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != c.field {
			t.Errorf("%v: %d %s", c.body, r.status, r.raw)
		}
	}
	if got := len(stored().Templates); got != n {
		t.Fatalf("refused requests created templates: %d, had %d", got, n)
	}

	r = call(t, srv, "POST", url, tokens["controller-ekby"], map[string]any{"from": "delarsrapport-kommun"})
	if r.status != http.StatusCreated || r.body["id"] != "delarsrapport-kommun-2" || r.body["name"] != "Delårsrapport (kommun)" {
		t.Fatalf("create from a starter: %d %s", r.status, r.raw)
	}
	validate(t, "Template", r.raw)
	if loc := r.header.Get("Location"); loc != url+"/delarsrapport-kommun-2" {
		t.Errorf("Location %q", loc)
	}
	tpl := stored().Template("delarsrapport-kommun-2")
	if tpl == nil || !slices.Contains(sectionKinds(tpl.Sections), tertial.SectionBalanceRequirement) {
		t.Fatalf("stored template %+v", tpl)
	}
	if refs := sectionRefs(tpl.Sections, tertial.SectionBoardDeviations); len(refs) != 1 || refs[0] != table {
		t.Errorf("stored board_deviations refs %v", refs)
	}
	// The next one gets the next free ID; an ID and a name of its own are kept.
	if r := call(t, srv, "POST", url, tokens["controller-ekby"], map[string]any{"from": "delarsrapport-kommun"}); r.status != http.StatusCreated || r.body["id"] != "delarsrapport-kommun-3" {
		t.Errorf("second: %d %s", r.status, r.raw)
	}
	r = call(t, srv, "POST", url, tokens["controller-ekby"], map[string]any{"from": "verksamhetsberattelse-namnd", "id": "vb", "name": "Vår verksamhetsberättelse"})
	if r.status != http.StatusCreated || r.body["id"] != "vb" || r.body["name"] != "Vår verksamhetsberättelse" {
		t.Errorf("own ID and name: %d %s", r.status, r.raw)
	}
	// A copy of one of the municipality's templates.
	r = call(t, srv, "POST", url, tokens["controller-ekby"], map[string]any{"from_template": "vb"})
	if r.status != http.StatusCreated || r.body["id"] != "vb-kopia" || r.body["name"] != "Vår verksamhetsberättelse (kopia)" {
		t.Errorf("copy: %d %s", r.status, r.raw)
	}
}
