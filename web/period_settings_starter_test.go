package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestPeriodSettingsStarterTemplate: the period settings page offers the starting
// templates; choosing one creates it as a template of the municipality, with a free ID,
// in the same write as the period's change; an unknown starter is refused beside the
// field and a refused change creates no template.
func TestPeriodSettingsStarterTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { periodSettingsStarterTemplate(t, db) })
}

func periodSettingsStarterTemplate(t *testing.T, db *store.DB) {
	ekby := ekbyDemo(t)
	srv := site(t, db, ekby)
	var per *tertial.Period
	for i := range ekby.Periods {
		if p := &ekby.Periods[i]; p.Unit == "kf" && p.State != tertial.PeriodLocked {
			per = p
		}
	}
	if per == nil {
		t.Fatal("Ekby has no open period of kf")
	}
	c := login(t, srv, "controller-ekby")
	page := srv.URL + "/kommuner/9901/enheter/kf/perioder/" + per.ID + "/installningar"
	if _, _, body := getAs(t, c, page); !strings.Contains(body, `<option value="start:delarsrapport-kommun">Ny mall från startmallen Delårsrapport (kommun)</option>`) {
		t.Error("the settings page offers no starting template")
	}
	stored := func() *tertial.Dataset {
		ds, err := db.Dataset(context.Background(), "9901")
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	day := func(d time.Time) string {
		if d.IsZero() {
			return ""
		}
		return d.Format(time.DateOnly)
	}
	form := func(mall, cutoff string) url.Values {
		p := stored().Period("kf", per.ID)
		return url.Values{"version": {strconv.Itoa(p.Version)}, "titel": {p.Title}, "forsta-dag": {day(p.Start)}, "brytdatum": {cutoff},
			"sista-dag": {day(p.Deadline)}, "mall": {mall}, "status": {p.Status}, "forsattsblad": {p.CoverText}}
	}
	n := len(stored().Templates)
	if status, body := postAs(t, c, page, form("start:finns-inte", day(per.Cutoff))); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="mall-fel"`) {
		t.Errorf("unknown starter: %d", status)
	}
	// A status too long for the cover: the store refuses the whole write.
	long := form("start:delarsrapport-kommun", day(per.Cutoff))
	long.Set("status", strings.Repeat("lång ", 20))
	if status, body := postAs(t, c, page, long); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="status-fel"`) {
		t.Errorf("too long a status: %d", status)
	}
	if got := len(stored().Templates); got != n {
		t.Fatalf("refused changes created templates: %d, had %d", got, n)
	}
	// Ekby has a template delarsrapport-kommun: the starter's gets the next free ID.
	if status, body := postAs(t, c, page, form("start:delarsrapport-kommun", day(per.Cutoff))); status != http.StatusSeeOther {
		t.Fatalf("choose a starter: %d %s", status, fieldErrorsText(body))
	}
	ds := stored()
	tpl := ds.Template("delarsrapport-kommun-2")
	if tpl == nil || tpl.Name != "Delårsrapport (kommun)" || !slices.Contains(sectionKinds(tpl.Sections), tertial.SectionBalanceRequirement) {
		t.Fatalf("created template %+v", tpl)
	}
	if p := ds.Period("kf", per.ID); p.Template != "delarsrapport-kommun-2" {
		t.Errorf("the period's template is %q", p.Template)
	}
	if len(ds.Templates) != n+1 {
		t.Errorf("templates %d, want %d", len(ds.Templates), n+1)
	}
}
