package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestNewPeriodForm: the municipality's page has a "Ny period" form for controllers; its
// mistakes come back beside the fields with what was typed and nothing saved; a period
// made from another opens with that period's text offered for reference.
func TestNewPeriodForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	controller := session
	muni := srv.URL + "/kommuner/0126"
	export := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := export()

	status, _, page := getAs(t, controller, muni)
	if status != http.StatusOK || !strings.Contains(page, `<h2 id="ny-period">Ny period</h2>`) || !strings.Contains(page, `<label for="ny-utga-fran">Utgå från</label>`) ||
		!strings.Contains(page, `<option value="ks/2021-08">`) || !strings.Contains(page, `<legend>Perioden</legend>`) {
		t.Fatalf("the controller's page lacks the form: %d", status)
	}
	reader := login(t, srv, "lasare")
	if _, _, page := getAs(t, reader, muni); strings.Contains(page, "Ny period") {
		t.Error("a reader is offered the form")
	}
	good := url.Values{"ny-enhet": {"ks"}, "ny-typ": {"interim"}, "ny-id": {"2022-08"}, "ny-titel": {"Delårsrapport per 31 augusti 2022"},
		"ny-brytdatum": {"2022-08-31"}, "ny-sista-dag": {"2022-09-10"}, "ny-utga-fran": {"ks/2021-08"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = vv
		}
		f.Set(k, v)
		return f
	}
	if status, _ := postAs(t, reader, muni+"/perioder", good); status != http.StatusForbidden {
		t.Errorf("a reader's post: %d", status)
	}
	for _, c := range []struct {
		name, field, text string
		form              url.Values
	}{
		{"not a date", "ny-brytdatum", "är inget datum", with("ny-brytdatum", "31 augusti")},
		{"overlap", "ny-brytdatum", "Perioden överlappar enhetens period", with("ny-brytdatum", "2021-08-31")},
		{"id the unit has", "ny-id", "har redan en period", with("ny-id", "2021-08")},
		{"from another unit's period", "ny-utga-fran", "hör till en annan enhet", with("ny-enhet", "ksf")},
		{"no unit", "ny-enhet", "Enhet saknas", with("ny-enhet", "")},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, page := postAs(t, controller, muni+"/perioder", c.form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("%d", status)
			}
			if !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, `<a href="#`+c.field+`">`) {
				t.Error("no error summary linking to the field")
			}
			// The message sits beside its field, and the field says it is wrong.
			i := strings.Index(page, `<label for="`+c.field+`">`)
			j := strings.Index(page[max(i, 0):], `id="`+c.field+`"`)
			if i < 0 || j < 0 || !strings.Contains(page[i:i+j], c.text) || !strings.Contains(page[i+j:i+j+400], `aria-invalid="true"`) {
				t.Errorf("no %q beside %s", c.text, c.field)
			}
			if !strings.Contains(page, `value="`+c.form.Get("ny-titel")+`"`) {
				t.Error("the typed title is lost")
			}
			if export() != before {
				t.Error("the database changed")
			}
		})
	}

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, muni+"/perioder", strings.NewReader(good.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: controller})
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/kommuner/0126/enheter/ks/perioder/2022-08" {
		t.Fatalf("create: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, _, page = getAs(t, controller, srv.URL+"/kommuner/0126/enheter/ks/perioder/2022-08")
	if !strings.Contains(page, `<dt>Utgår från</dt><dd><a href="/kommuner/0126/enheter/ks/perioder/2021-08">Delårsrapport per 31 augusti 2021</a>`) {
		t.Error("the new period's page does not say what it was made from")
	}
	// The text form shows the earlier text, read-only, and an empty field.
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	old := ds.Period("ks", "2021-08").Texts[0]
	firstWords := strings.Join(strings.Fields(old.Body)[:3], " ")
	status, _, page = getAs(t, controller, srv.URL+"/kommuner/0126/enheter/ks/perioder/2022-08/redigera/text/"+old.ID)
	if status != http.StatusOK {
		t.Fatalf("text form: %d", status)
	}
	d := strings.Index(page, `<details class="previous-text">`)
	f := strings.Index(page, `<textarea id="text"`)
	if d < 0 || f < 0 || !strings.Contains(page[d:f], "Förra periodens text (Delårsrapport per 31 augusti 2021)") || !strings.Contains(page[d:f], firstWords) {
		t.Errorf("no earlier text for reference before the form (%q)", firstWords)
	}
	if end := strings.Index(page[f:], "</textarea>"); end < 0 || strings.Contains(page[f:f+end], firstWords) {
		t.Error("the earlier text is in the new field")
	}
	if _, _, page := getAs(t, controller, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/text/"+old.ID); strings.Contains(page, "previous-text") {
		t.Error("a period made from none offers an earlier text")
	}
}

// TestPlanPeriodDecided: a plan is decided before the year it plans, is locked, and its
// pages show the decision.
func TestPlanPeriodDecided(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := demoDataset(t)
	ds.Templates = append(ds.Templates, tertial.Template{ID: "plan", Name: "Verksamhetsplan",
		Sections: []tertial.Section{{Kind: tertial.SectionGoals, Title: "Mål och indikatorer"}}})
	srv := site(t, db, ds)
	form := url.Values{"ny-enhet": {"ks"}, "ny-typ": {"plan"}, "ny-id": {"plan-2022"}, "ny-titel": {"Verksamhetsplan 2022"},
		"ny-start": {"2022-01-01"}, "ny-brytdatum": {"2022-12-31"}, "ny-mall": {"plan"}}
	if status, page := postAs(t, session, srv.URL+"/kommuner/0126/perioder", form); status != http.StatusSeeOther {
		t.Fatalf("create the plan: %d %s", status, page)
	}
	base := srv.URL + "/kommuner/0126/enheter/ks/perioder/plan-2022"
	// Its sections approved, as the workflow does it.
	now, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	secs, err := report.WorkflowSections(now, "ks", "plan-2022")
	if err != nil {
		t.Fatal(err)
	}
	ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "plan-2022"}
	for _, sec := range secs {
		st, err := db.SaveSectionStep(context.Background(), store.Edit{Actor: "controller", Period: ref}, store.SectionStep{Key: sec.Key, Step: tertial.StepReady})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveSectionStep(context.Background(), store.Edit{Actor: "controller", Period: ref, Version: st.Version}, store.SectionStep{Key: sec.Key, Step: tertial.StepApprove, CanReview: true}); err != nil {
			t.Fatal(err)
		}
	}
	if status, page := postAs(t, session, base+"/arbetsflode/beslut", url.Values{"datum": {"2021-11-15"}, "paragraf": {"§ 100"}, "motivering": {"Planen beslutas innan målen bedöms."}}); status != http.StatusSeeOther {
		t.Fatalf("decide the plan: %d %s", status, page)
	}
	ds, err = db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if p := ds.Period("ks", "plan-2022"); p.State != tertial.PeriodLocked || p.DecisionParagraph != "§ 100" {
		t.Fatalf("plan %s %q", p.State, p.DecisionParagraph)
	}
	if _, _, page := get(t, base); !strings.Contains(page, "<dt>Nämndens beslut</dt><dd>15 november 2021, § 100</dd>") {
		t.Error("the plan's page does not show the decision")
	}
	if _, _, page := get(t, srv.URL+"/kommuner/0126"); !strings.Contains(page, "(beslut 15 november 2021, § 100)") {
		t.Error("the municipality's page does not show the plan's decision")
	}
}

// TestNewPeriodForEveryUnit: "Alla enheter" makes the same period for every unit that has
// the period it is made from, each from its own, and opens the period's matrix; when the
// rules refuse it for one unit, no unit gets it and the problem names the unit.
func TestNewPeriodForEveryUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds0 := ekbyDataset(t)
		srv := site(t, db, ds0)
		ctx := context.Background()
		form := url.Values{"ny-enhet": {""}, "ny-omfattning": {"alla"}, "ny-typ": {"interim"}, "ny-id": {"2025-08"},
			"ny-titel": {"Delårsrapport per 31 augusti 2025"}, "ny-brytdatum": {"2025-08-31"}, "ny-sista-dag": {"2025-09-10"}, "ny-utga-fran": {"kfn/2025-04"}}
		// No period to start from: "alla" needs one.
		noFrom := url.Values{}
		for k, v := range form {
			noFrom[k] = v
		}
		noFrom.Set("ny-utga-fran", "")
		if status, page := postAs(t, session, srv.URL+"/kommuner/9901/perioder", noFrom); status != http.StatusUnprocessableEntity ||
			!strings.Contains(page, `id="ny-utga-fran-fel"`) {
			t.Errorf("all without from: %d", status)
		}
		// mbn has a 2025-08 already: nobody gets one.
		if _, err := db.CreatePeriod(ctx, "controller-ekby", "9901", tertial.PeriodSpec{Unit: "mbn", ID: "2025-08", Kind: tertial.PeriodPlan,
			Title: "Annan", Start: mustDay(t, "2027-01-01"), Cutoff: mustDay(t, "2027-12-31")}); err != nil {
			t.Fatal(err)
		}
		status, page := postAs(t, session, srv.URL+"/kommuner/9901/perioder", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(text(page), ds0.Unit("mbn").Name+`: enheten "mbn" har redan en period "2025-08"`) ||
			!strings.Contains(page, `id="ny-id-fel"`) {
			t.Errorf("one unit refused: %d %s", status, text(page))
		}
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		if ds.Period("kfn", "2025-08") != nil {
			t.Error("kfn got the period though mbn's was refused")
		}
		// Another ID: every unit gets it, each made from its own.
		form.Set("ny-id", "2025-08b")
		status, h, _ := workflowPost(t, session, srv.URL+"/kommuner/9901/perioder", form)
		if status != http.StatusSeeOther || h.Get("Location") != "/kommuner/9901/perioder/2025-08b/arbetsflode" {
			t.Fatalf("all: %d to %q", status, h.Get("Location"))
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		for _, unit := range []string{"kfn", "mbn"} {
			p := ds.Period(unit, "2025-08b")
			if p == nil || p.From != "2025-04" || p.Title != "Delårsrapport per 31 augusti 2025" || p.Template != ds.Period(unit, "2025-04").Template {
				t.Errorf("%s: %+v", unit, p)
			}
		}
		n := 0
		for _, p := range ds.Periods {
			if p.ID == "2025-08b" {
				n++
			}
		}
		want := 0
		for _, u := range ds.Units {
			if ds.Period(u.ID, "2025-04") != nil {
				want++
			}
		}
		if n != want || n < 2 {
			t.Errorf("%d periods made, want one for each of the %d units with 2025-04", n, want)
		}
	})
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
