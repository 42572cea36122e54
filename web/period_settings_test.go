package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// periodVersion is the version of a period as stored.
func periodVersion(t *testing.T, db *store.DB, code, unit, id string) int {
	t.Helper()
	ds, err := db.Dataset(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Period(unit, id)
	if p == nil {
		t.Fatalf("no period %s/%s", unit, id)
	}
	return p.Version
}

// settingsForm is the whole settings form of a period with the changes given.
func settingsForm(version int, changes map[string]string) url.Values {
	form := url.Values{"version": {strconv.Itoa(version)}, "titel": {"Delårsrapport per 31 augusti 2021"}, "forsta-dag": {""},
		"brytdatum": {"2021-08-31"}, "sista-dag": {"2021-09-10"}, "mall": {"delarsrapport"}, "status": {""}, "forsattsblad": {""}}
	for k, v := range changes {
		form.Set(k, v)
	}
	return form
}

// TestPeriodSettingsForm: controllers change a period's title, deadline, status and cover
// text in a form linked from the period's page and its workflow; bad values come back
// beside their fields and change nothing, a stale version is refused, and those who may
// not create periods see no link and get 403. The deadline shows in the workflow.
func TestPeriodSettingsForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		page := srv.URL + wfPeriod + "/installningar"
		link := `href="` + wfPeriod + `/installningar"`
		for _, p := range []string{wfPeriod, wfPage} {
			if _, _, body := get(t, srv.URL+p); !strings.Contains(body, link) {
				t.Errorf("%s has no link to the settings", p)
			}
		}
		for _, who := range []string{"rapportor", "lasare"} {
			c := login(t, srv, who)
			if _, _, body := getAs(t, c, srv.URL+wfPeriod); strings.Contains(body, "/installningar") {
				t.Errorf("%s sees the settings link", who)
			}
			if status, _, _ := getAs(t, c, page); status != http.StatusForbidden {
				t.Errorf("%s GET: %d, want 403", who, status)
			}
			if status, _ := postAs(t, c, page, settingsForm(periodVersion(t, db, "0126", "ks", "2021-08"), map[string]string{"titel": "Nej"})); status != http.StatusForbidden {
				t.Errorf("%s POST: %d, want 403", who, status)
			}
		}

		status, _, body := get(t, page)
		if status != http.StatusOK {
			t.Fatalf("GET: %d", status)
		}
		for _, want := range []string{`id="titel" name="titel" type="text" value="Delårsrapport per 31 augusti 2021"`,
			`id="brytdatum" name="brytdatum" type="text" value="2021-08-31"`, `id="sista-dag" name="sista-dag" type="text" value="2021-09-10"`,
			`<option value="delarsrapport" selected>`, `<label for="forsattsblad">`} {
			if !strings.Contains(body, want) {
				t.Errorf("form lacks %s", want)
			}
		}

		// Bad values: beside their fields, and nothing changes.
		v := periodVersion(t, db, "0126", "ks", "2021-08")
		status, body = postAs(t, session, page, settingsForm(v, map[string]string{"sista-dag": "15 september", "status": strings.Repeat("x", 41)}))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad values: %d", status)
		}
		if !strings.Contains(body, `id="sista-dag-fel"`) || !strings.Contains(body, "är inget datum") || !strings.Contains(body, `href="#sista-dag"`) {
			t.Errorf("no date error beside the field: %s", text(body))
		}
		if !strings.Contains(body, `value="15 september"`) {
			t.Error("the form lost what was typed")
		}
		// The date is read first: the status is the rule set's to judge once the dates are.
		status, body = postAs(t, session, page, settingsForm(v, map[string]string{"status": strings.Repeat("x", 41)}))
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="status-fel"`) || !strings.Contains(text(body), "41 tecken") {
			t.Errorf("status too long: %d %s", status, text(body))
		}
		if got := periodVersion(t, db, "0126", "ks", "2021-08"); got != v {
			t.Errorf("a refused form changed the period: version %d, was %d", got, v)
		}

		// Saved: the new deadline shows in the workflow.
		status, h, _ := workflowPost(t, session, page, settingsForm(v, map[string]string{"sista-dag": "2021-09-15", "status": "Klar", "forsattsblad": "Till nämnden.\r\nRad två."}))
		if status != http.StatusSeeOther || h.Get("Location") != wfPeriod+"/installningar?sparad=1" {
			t.Fatalf("save: %d to %q", status, h.Get("Location"))
		}
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		p := ds.Period("ks", "2021-08")
		if !p.Deadline.Equal(time.Date(2021, 9, 15, 0, 0, 0, 0, time.UTC)) || p.Status != "Klar" || p.CoverText != "Till nämnden.\nRad två." || p.Version != v+1 {
			t.Errorf("saved %s %q %q v%d", p.Deadline, p.Status, p.CoverText, p.Version)
		}
		if _, _, body := get(t, page+"?sparad=1"); !strings.Contains(body, "Inställningarna är sparade.") {
			t.Error("no saved notice")
		}
		if _, _, body := get(t, srv.URL+wfPage); !strings.Contains(text(body), "15 september 2021") {
			t.Error("the workflow does not show the new deadline")
		}
		// The form posted again from the old version is stale.
		if status, _ := postAs(t, session, page, settingsForm(v, map[string]string{"titel": "Gammal"})); status != http.StatusConflict {
			t.Errorf("stale version: %d, want 409", status)
		}
		// A cross-site post is refused whatever it carries.
		if status, _, _ := workflowPost(t, session, page, settingsForm(v+1, map[string]string{"titel": "Från annan sajt"}),
			"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); status != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", status)
		}
		if periodVersion(t, db, "0126", "ks", "2021-08") != v+1 {
			t.Error("a refused post changed the period")
		}
	})
}

// TestPeriodSettingsLockedAndDeadlinePerUnit: a locked period's settings page says why
// they cannot change and has no form, and a post is refused (423); each unit's period has
// its own deadline, which the period's matrix shows on the unit's row.
func TestPeriodSettingsLockedAndDeadlinePerUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, ekbyDataset(t))
		locked := srv.URL + "/kommuner/9901/enheter/kfn/perioder/2025-12/installningar"
		status, _, body := get(t, locked)
		if status != http.StatusOK || !strings.Contains(text(body), "Perioden är låst") || strings.Contains(body, `name="titel"`) {
			t.Errorf("locked page: %d %s", status, text(body))
		}
		form := url.Values{"version": {strconv.Itoa(periodVersion(t, db, "9901", "kfn", "2025-12"))}, "titel": {"Ändrad"}, "brytdatum": {"2025-12-31"}}
		if status, body := postAs(t, session, locked, form); status != http.StatusLocked || !strings.Contains(text(body), "Perioden är låst") {
			t.Errorf("locked post: %d %s", status, text(body))
		}

		ds, err := db.Dataset(context.Background(), "9901")
		if err != nil {
			t.Fatal(err)
		}
		for unit, deadline := range map[string]string{"kfn": "2025-05-05", "mbn": "2025-05-12"} {
			p := ds.Period(unit, "2025-04")
			f := url.Values{"version": {strconv.Itoa(p.Version)}, "titel": {p.Title}, "brytdatum": {"2025-04-30"}, "sista-dag": {deadline},
				"mall": {p.Template}, "status": {p.Status}, "forsattsblad": {p.CoverText}}
			if !p.Start.IsZero() {
				f.Set("forsta-dag", p.Start.Format(time.DateOnly))
			}
			if status, body := postAs(t, session, srv.URL+"/kommuner/9901/enheter/"+unit+"/perioder/2025-04/installningar", f); status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", unit, status, text(body))
			}
		}
		_, _, body = get(t, srv.URL+"/kommuner/9901/perioder/2025-04/arbetsflode")
		rows := regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(body, -1)
		want := map[string]string{ds.Unit("kfn").Name: "5 maj 2025", ds.Unit("mbn").Name: "12 maj 2025"}
		for name, date := range want {
			found := false
			for _, r := range rows {
				if strings.Contains(text(r), name) {
					found = true
					if !strings.Contains(text(r), date) {
						t.Errorf("%s's row: %q, want its deadline %s", name, text(r), date)
					}
				}
			}
			if !found {
				t.Errorf("no row for %s", name)
			}
		}
	})
}

// TestAPIPutPeriod: PUT …/periods/{period} changes the settings at the version read and
// answers the period as PeriodInfo; a stale version is 409, bad values 422 on their
// fields, a locked period 423, and those who may not create periods 403.
func TestAPIPutPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t), ekbyDataset(t))
		path := "/api/v1/municipalities/0126/units/ks/periods/2021-08"
		v := periodVersion(t, db, "0126", "ks", "2021-08")
		body := map[string]any{"version": v, "title": "Delårsrapport 2021", "cutoff": "2021-08-31", "deadline": "2021-09-20",
			"template": "delarsrapport", "status": "Påbörjad", "cover_text": "Utkast."}
		if r := call(t, srv, "PUT", path, tokens["lasare"], body); r.status != http.StatusForbidden {
			t.Errorf("reader: %d", r.status)
		}
		if r := call(t, srv, "PUT", path, tokens["controller"], map[string]any{"version": v, "title": "T", "cutoff": "31/8"}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.raw), `"cutoff"`) {
			t.Errorf("bad cutoff: %d %s", r.status, r.raw)
		}
		r := call(t, srv, "PUT", path, tokens["controller"], body)
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		validate(t, "PeriodInfo", r.raw)
		if r.body["title"] != "Delårsrapport 2021" || r.body["deadline"] != "2021-09-20" || r.body["status"] != "Påbörjad" ||
			r.body["cover_text"] != "Utkast." || r.body["version"] != float64(v+1) {
			t.Errorf("answer %s", r.raw)
		}
		if r := call(t, srv, "PUT", path, tokens["controller"], body); r.status != http.StatusConflict {
			t.Errorf("stale version: %d %s", r.status, r.raw)
		}
		// The GET shows the same.
		if r := call(t, srv, "GET", path, tokens["lasare"], nil); path2(r.body, "period", "cover_text") != "Utkast." {
			t.Errorf("GET period: %v", r.body["period"])
		}
		lockedPath := "/api/v1/municipalities/9901/units/kfn/periods/2025-12"
		lv := periodVersion(t, db, "9901", "kfn", "2025-12")
		if r := call(t, srv, "PUT", lockedPath, tokens["controller-ekby"], map[string]any{"version": lv, "title": "X", "cutoff": "2025-12-31"}); r.status != http.StatusLocked {
			t.Errorf("locked: %d %s", r.status, r.raw)
		}
		if got := periodVersion(t, db, "9901", "kfn", "2025-12"); got != lv {
			t.Error("the locked period changed")
		}
	})
}

// path2 is a value at a path of a decoded JSON object.
func path2(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

// TestMoneyRowShowsDecidedFrame: a follow-up's money row shows, beside its budget, the
// frame of its unit's decided plan of the year with the plan and its decision, read only;
// a period of a year without a decided plan shows none, nor does the plan itself.
func TestMoneyRowShowsDecidedFrame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		ctx := context.Background()
		plan, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "plan-2022", Kind: tertial.PeriodPlan,
			Title: "Mål och budget 2022", Start: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), Cutoff: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), From: "2021-08"})
		if err != nil {
			t.Fatal(err)
		}
		planRef := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: plan.ID}
		frame, err := tertial.ParseAmount("-230000", tertial.Tkr, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "controller", Period: planRef, Version: 1}, "drift", "personal",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColBudget: &frame}}); err != nil {
			t.Fatal(err)
		}
		rowPage := func(period string) string {
			return srv.URL + "/kommuner/0126/enheter/ks/perioder/" + period + "/redigera/rad/drift/personal"
		}
		// Still open: no frame has been decided.
		if _, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-04", Kind: tertial.PeriodInterim,
			Title: "Tertialrapport 1 2022", Cutoff: time.Date(2022, 4, 30, 0, 0, 0, 0, time.UTC), From: plan.ID}); err != nil {
			t.Fatal(err)
		}
		if _, _, body := get(t, rowPage("2022-04")); strings.Contains(body, "Beslutad ram") {
			t.Error("an open plan's budget shown as decided")
		}
		if err := db.LockPeriod(ctx, "controller", planRef, store.Decision{Date: time.Date(2021, 11, 20, 0, 0, 0, 0, time.UTC), Paragraph: "§ 112"}); err != nil {
			t.Fatal(err)
		}
		status, _, body := get(t, rowPage("2022-04"))
		if status != http.StatusOK {
			t.Fatalf("row form: %d", status)
		}
		got := text(body)
		// Costs are shown positive on the operating statement: 230 000 tkr.
		for _, want := range []string{"Beslutad ram", "230 000 tkr", "«Mål och budget 2022» (beslut 2021-11-20 § 112)"} {
			if !strings.Contains(got, want) {
				t.Errorf("row form lacks %q: %s", want, got)
			}
		}
		// Read only, and right after the budget's field.
		budget, ram := strings.Index(body, `id="budget"`), strings.Index(body, `<output id="beslutad-ram"`)
		forecast := strings.Index(body, `id="forecast"`)
		if budget < 0 || ram < budget || forecast < ram || strings.Contains(body, `name="beslutad-ram"`) {
			t.Errorf("frame field at %d, budget %d, forecast %d", ram, budget, forecast)
		}
		for _, p := range []string{"2021-08", plan.ID} {
			if _, _, body := get(t, rowPage(p)); strings.Contains(body, "Beslutad ram") {
				t.Errorf("%s shows a decided frame", p)
			}
		}
	})
}
