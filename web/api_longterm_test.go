package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tertial/tertial/kolada"
	"github.com/tertial/tertial/kolada/koladatest"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPILongTermAssessment: after a Kolada sync the API states, as the report does, how
// the period's value stands against a relative long-term target, and what it was judged
// against; an indicator with another kind of long-term target, or without a Kolada KPI
// to compare by, has none.
func TestAPILongTermAssessment(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	if _, err := kolada.Sync(context.Background(), kolada.New(koladatest.New(t).URL()), db, "test", "0126", "ks", "2021-08", nil); err != nil {
		t.Fatal(err)
	}
	r := call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	validate(t, "PeriodDoc", r.raw)
	var relative, other int
	var walk func(goals any)
	walk = func(goals any) {
		for _, g := range goals.([]any) {
			g := g.(map[string]any)
			for _, ind := range g["indicators"].([]any) {
				ind := ind.(map[string]any)
				lt, _ := ind["long_term_target"].(map[string]any)
				la, _ := ind["long_term_assessment"].(map[string]any)
				switch {
				case lt == nil || !strings.ContainsAny(lt["target"].(string), "LRTP") || ind["kolada_kpi"] == "":
					if la != nil {
						t.Errorf("%s: a long-term assessment for target %v without comparison", ind["id"], lt)
					}
					other++
				default:
					relative++
					if la == nil || la["result"] == "not_assessed" || !strings.Contains(la["basis"].(string), " av ") || la["target"] != lt["target"] {
						t.Errorf("%s: long-term %v: %v", ind["id"], lt["target"], la)
					}
				}
			}
			if sub, ok := g["goals"]; ok && sub != nil {
				walk(sub)
			}
		}
	}
	walk(r.body["goals"])
	if relative < 2 || other == 0 {
		t.Errorf("%d indicators with relative long-term targets, %d others", relative, other)
	}
}
