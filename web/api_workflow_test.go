package web_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPIWorkflow: the workflow through the API has the site's gates: a section with
// blocking findings is not marked ready without an override, which only a controller may
// give; a reporter withdraws a section; the lock needs an override too, and the overrides
// come back with the workflow.
func TestAPIWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		base := "/api/v1/municipalities/0126/units/ks/periods/2021-08/workflow"

		r := call(t, srv, "GET", base, tokens["lasare"], nil)
		if r.status != 200 {
			t.Fatalf("GET: %d %s", r.status, r.raw)
		}
		secs, _ := r.body["sections"].([]any)
		if len(secs) != 5 || path(secs[0], "key") != "mal" || path(secs[1], "key") != "ekonomi" {
			t.Fatalf("sections: %v", secs)
		}
		if b, _ := path(secs[0], "blocking").(float64); b != 14 || r.body["blocking"].(float64) != 14 {
			t.Errorf("blocking: %v of the goals, %v of the period", path(secs[0], "blocking"), r.body["blocking"])
		}
		first := path(secs[0], "findings", 0)
		if path(first, "severity") != "blocking" || path(first, "item", "kind") != "goal" || path(first, "item", "id") != "nm-skattemedel" ||
			!strings.HasPrefix(path(first, "text").(string), "Målet «Skattemedel används effektivt» saknar bedömning") {
			t.Errorf("first finding: %v", first)
		}

		// A reporter: refused over blocking findings, and may not override.
		r = call(t, srv, "POST", base+"/sections/mal", tokens["rapportor"], map[string]any{"action": "ready", "version": 0})
		if r.status != 409 || !strings.Contains(path(r.body, "error", "message").(string), "14 blockerande fynd") {
			t.Errorf("ready over findings: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "POST", base+"/sections/mal", tokens["rapportor"], map[string]any{"action": "ready", "version": 0, "override": "Jag vill."})
		if r.status != 403 {
			t.Errorf("reporter's override: %d, want 403", r.status)
		}
		// Without findings the reporter marks a section ready, and withdraws it.
		r = call(t, srv, "POST", base+"/sections/texter", tokens["rapportor"], map[string]any{"action": "ready", "version": 0})
		if r.status != 200 || r.body["state"] != "ready" || r.body["version"].(float64) != 1 {
			t.Fatalf("ready: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "POST", base+"/sections/texter", tokens["rapportor"], map[string]any{"action": "withdraw", "version": 1})
		if r.status != 200 || r.body["state"] != "in_progress" {
			t.Errorf("withdraw: %d %s", r.status, r.raw)
		}
		// A stale version is a conflict with the workflow as it is now.
		r = call(t, srv, "POST", base+"/sections/texter", tokens["rapportor"], map[string]any{"action": "ready", "version": 1})
		if r.status != 409 || path(r.body, "current", "sections") == nil {
			t.Errorf("stale: %d %s", r.status, r.raw)
		}
		// The controller overrides.
		r = call(t, srv, "POST", base+"/sections/mal", tokens["controller"], map[string]any{"action": "ready", "version": 0, "override": "Bedöms på mötet."})
		if r.status != 200 || r.body["state"] != "ready" {
			t.Fatalf("override: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "POST", base+"/sections/mal", tokens["controller"], map[string]any{"action": "approve", "version": 1})
		if r.status != 409 {
			t.Errorf("approve over findings without a reason: %d", r.status)
		}

		// The lock: every section approved first, then refused over findings without a reason.
		for _, key := range []string{"mal", "ekonomi", "tabeller", "texter", "internkontroll"} {
			states, _ := db.SectionStates(t.Context(), wfRef)
			st := states[key]
			if st.State != tertial.SectionReady {
				if r := call(t, srv, "POST", base+"/sections/"+key, tokens["controller"], map[string]any{"action": "ready", "version": st.Version, "override": "Testet."}); r.status != 200 {
					t.Fatalf("%s ready: %d %s", key, r.status, r.raw)
				}
				st.Version++
			}
			if r := call(t, srv, "POST", base+"/sections/"+key, tokens["controller"], map[string]any{"action": "approve", "version": st.Version, "override": "Testet."}); r.status != 200 {
				t.Fatalf("%s approve: %d %s", key, r.status, r.raw)
			}
		}
		r = call(t, srv, "POST", base+"/lock", tokens["controller"], map[string]any{"date": "2021-09-22", "paragraph": "12"})
		if r.status != 409 || !strings.Contains(path(r.body, "error", "message").(string), "blockerande fynd") {
			t.Errorf("lock over findings: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "POST", base+"/lock", tokens["rapportor"], map[string]any{"date": "2021-09-22", "paragraph": "12", "override": "x"}); r.status != 403 {
			t.Errorf("reporter locks: %d", r.status)
		}
		r = call(t, srv, "POST", base+"/lock", tokens["controller"], map[string]any{"date": "2021-09-22", "paragraph": "12", "override": "Nämnden beslutade ändå."})
		if r.status != 200 || r.body["locked"] != true {
			t.Fatalf("lock: %d %s", r.status, r.raw)
		}
		overrides, _ := r.body["overrides"].([]any)
		last := overrides[len(overrides)-1]
		if path(last, "step") != "lock" || path(last, "reason") != "Nämnden beslutade ändå." || len(path(last, "findings").([]any)) != 14 {
			t.Errorf("the lock's override: %v", last)
		}
		if path(overrides[0], "section") != "mal" || path(overrides[0], "actor") != "controller" {
			t.Errorf("the first override: %v", overrides[0])
		}
	})
}
