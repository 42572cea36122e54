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
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// besideField reports whether the page has the message beside the field named (between
// its label and the field itself), and the field marked invalid.
func besideField(page, field, msg string) bool {
	i := strings.Index(page, `<label for="`+field+`">`)
	if i < 0 {
		return false
	}
	j := strings.Index(page[i:], `id="`+field+`"`)
	return j >= 0 && strings.Contains(page[i:i+j], msg) && strings.Contains(page[i+j:min(len(page), i+j+600)], `aria-invalid="true"`)
}

// TestStructurePages: a controller reaches the goal tree from the municipality page,
// creates, moves and retires a goal, adds an indicator with targets and an assignment;
// a cycle, an unparseable target and an unknown goal come back beside their fields with
// the typed values kept and nothing saved; a reporter gets 403.
func TestStructurePages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	controller := session
	base := srv.URL + "/kommuner/0126/struktur"
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
	if _, _, page := getAs(t, controller, srv.URL+"/kommuner/0126"); !strings.Contains(page, `<a href="/kommuner/0126/struktur/mal">`) {
		t.Error("the municipality page does not link the structure for a controller")
	}
	reporter := login(t, srv, "rapportor")
	if _, _, page := getAs(t, reporter, srv.URL+"/kommuner/0126"); strings.Contains(page, "/struktur/mal") {
		t.Error("a reporter is offered the structure")
	}
	for _, p := range []string{"/mal", "/mal/nm-skattemedel", "/indikatorer/ny", "/uppdrag/nytt"} {
		if status, _, _ := getAs(t, reporter, base+p); status != http.StatusForbidden {
			t.Errorf("reporter GET %s: %d", p, status)
		}
	}
	if status, _ := postAs(t, reporter, base+"/mal/nytt", url.Values{"id": {"x"}}); status != http.StatusForbidden {
		t.Errorf("reporter POST: %d", status)
	}
	status, _, tree := getAs(t, controller, base+"/mal")
	if status != 200 || !strings.Contains(tree, `id="mal-nm-skattemedel"`) || !strings.Contains(tree, `href="/kommuner/0126/struktur/mal/nytt?under=kf-skattemedel"`) {
		t.Fatalf("goal tree: %d", status)
	}
	// nm-skattemedel is nested under kf-skattemedel.
	if i, j := strings.Index(tree, `id="mal-kf-skattemedel"`), strings.Index(tree, `id="mal-nm-skattemedel"`); i < 0 || j < i {
		t.Error("the tree does not nest the nämndmål under its KF-mål")
	}

	before := export()
	// A cycle: the KF-mål under its own nämndmål.
	v := formVersion(t, controller, base+"/mal/kf-skattemedel")
	status, page := postAs(t, controller, base+"/mal/kf-skattemedel", url.Values{"version": {v}, "titel": {"Skattemedel används väl"},
		"niva": {"kf"}, "overordnat": {"nm-skattemedel"}, "omrade": {""}})
	if status != http.StatusUnprocessableEntity || !besideField(page, "overordnat", "ligger under sig själv") || !strings.Contains(page, `value="Skattemedel används väl"`) ||
		!strings.Contains(page, `<a href="#overordnat">`) {
		t.Errorf("cycle: %d", status)
	}
	// An unknown level on a new goal.
	status, page = postAs(t, controller, base+"/mal/nytt", url.Values{"version": {"0"}, "id": {"nm-tak"}, "titel": {"Fler gröna tak"},
		"niva": {"xx"}, "overordnat": {"kf-skattemedel"}, "enhet": {"ks"}})
	if status != http.StatusUnprocessableEntity || !besideField(page, "niva", `ingen målnivå &#34;xx&#34;`) {
		t.Errorf("unknown level: %d %s", status, page[strings.Index(page, "error-summary"):][:600])
	}
	// An indicator with a target that cannot be read, and one with an unknown goal.
	status, page = postAs(t, controller, base+"/indikatorer/ny", url.Values{"version": {"0"}, "id": {"ind-tak"}, "namn": {"Andel gröna tak"},
		"mal": {"nm-skattemedel"}, "riktning": {"higher"}, "decimaler": {"0"}, "rader": {"2"}, "ar-0": {"2021"}, "varde-0": {">10"}, "ar-1": {"2022"}, "varde-1": {"mycket"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `<a href="#varde-1">`) || !strings.Contains(page, `value="mycket"`) ||
		!strings.Contains(page, `id="varde-1-fel"`) {
		t.Errorf("bad target: %d", status)
	}
	status, page = postAs(t, controller, base+"/indikatorer/ny", url.Values{"version": {"0"}, "id": {"ind-tak"}, "namn": {"Andel gröna tak"},
		"mal": {"finns-inte"}, "riktning": {"higher"}, "decimaler": {"0"}, "rader": {"0"}})
	if status != http.StatusUnprocessableEntity || !besideField(page, "mal", `inget mål &#34;finns-inte&#34;`) {
		t.Errorf("unknown goal: %d %s", status, page[strings.Index(page, "error-summary"):][:600])
	}
	if export() != before {
		t.Error("a refused form changed the dataset")
	}

	// Create, move and retire a goal.
	status, _ = postAs(t, controller, base+"/mal/nytt", url.Values{"version": {"0"}, "id": {"nm-tak"}, "titel": {"Fler gröna tak"},
		"niva": {"nm"}, "overordnat": {"kf-skattemedel"}, "enhet": {"ks"}, "taggar": {"klimat, agenda2030"}})
	if status != http.StatusSeeOther {
		t.Fatalf("create goal: %d", status)
	}
	v = formVersion(t, controller, base+"/mal/nm-tak")
	status, _ = postAs(t, controller, base+"/mal/nm-tak", url.Values{"version": {v}, "titel": {"Fler gröna tak"},
		"niva": {"kf"}, "overordnat": {""}, "omrade": {"ekologi"}, "enhet": {"ks"}, "avslutat": {"2021"}, "taggar": {"klimat, agenda2030"}})
	if status != http.StatusSeeOther {
		t.Fatalf("move and retire: %d", status)
	}
	// The form of the old version is stale now.
	if status, _ := postAs(t, controller, base+"/mal/nm-tak", url.Values{"version": {v}, "titel": {"X"}, "niva": {"kf"}, "omrade": {"ekologi"}}); status != http.StatusConflict {
		t.Errorf("stale goal form: %d", status)
	}
	status, _ = postAs(t, controller, base+"/indikatorer/ny", url.Values{"version": {"0"}, "id": {"ind-tak"}, "namn": {"Andel gröna tak"},
		"mal": {"nm-tak"}, "riktning": {"higher"}, "decimaler": {"1"}, "tolerans": {"10"}, "kolada-kon": {"K"}, "rader": {"3"},
		"ar-0": {"2021"}, "varde-0": {">10"}, "ar-2": {"2022"}, "varde-2": {">20 %"}, "langsiktigt-ar": {"2030"}, "langsiktigt-varde": {">50"}})
	if status != http.StatusSeeOther {
		t.Fatalf("create indicator: %d", status)
	}
	status, _ = postAs(t, controller, base+"/uppdrag/nytt", url.Values{"version": {"0"}, "id": {"upp-tak"}, "titel": {"Inventera taken"},
		"mal": {"nm-tak"}, "enhet": {"ks"}, "ursprung": {"Mål och budget 2021"}})
	if status != http.StatusSeeOther {
		t.Fatalf("create assignment: %d", status)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	g, x, a := ds.Goal("nm-tak"), ds.Indicator("ind-tak"), ds.Assignment("upp-tak")
	if g == nil || g.Parent != "" || g.Area != "ekologi" || g.Retired != 2021 || strings.Join(g.Tags, ",") != "klimat,agenda2030" {
		t.Errorf("goal %+v", g)
	}
	if x == nil || len(x.Targets) != 2 || x.Targets[1].Year != 2022 || x.Targets[1].Target.String() != ">20 %" || x.LongTerm == nil ||
		x.LongTerm.Year != 2030 || x.Tolerance == nil || x.Tolerance.String() != "10" || x.KoladaGender != "K" || x.Decimals != 1 {
		t.Errorf("indicator %+v", x)
	}
	if a == nil || a.Origin != "Mål och budget 2021" || a.Goal != "nm-tak" {
		t.Errorf("assignment %+v", a)
	}
	// The indicator's form shows its targets in the table, with room for more.
	if _, _, page := getAs(t, controller, base+"/indikatorer/ind-tak"); !strings.Contains(page, `name="varde-1" type="text" value="&gt;20 %"`) ||
		!strings.Contains(page, `name="ar-3"`) {
		t.Error("the indicator form lacks its targets table")
	}
	// A goal with history cannot be deleted; one without can.
	v = formVersion(t, controller, base+"/mal/nm-skattemedel")
	if status, page := postAs(t, controller, base+"/mal/nm-skattemedel/ta-bort", url.Values{"version": {v}}); status != http.StatusBadRequest ||
		!strings.Contains(page, "avsluta det i stället") {
		t.Errorf("delete with history: %d", status)
	}
	v = formVersion(t, controller, base+"/uppdrag/upp-tak")
	if status, _ := postAs(t, controller, base+"/uppdrag/upp-tak/ta-bort", url.Values{"version": {v}}); status != http.StatusSeeOther {
		t.Errorf("delete assignment: %d", status)
	}
	if ds, _ := db.Dataset(context.Background(), "0126"); ds.Assignment("upp-tak") != nil || ds.Goal("nm-skattemedel") == nil {
		t.Error("deletes did not do what they should")
	}
	// The retired goal (last year 2021) is still offered for editing in 2021's period,
	// not in a period of 2022.
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-08", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 31 augusti 2022", Cutoff: time.Date(2022, 8, 31, 0, 0, 0, 0, time.UTC), From: "2021-08"}); err != nil {
		t.Fatal(err)
	}
	_, _, edit2021 := getAs(t, controller, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/redigera")
	_, _, edit2022 := getAs(t, controller, srv.URL+"/kommuner/0126/enheter/ks/perioder/2022-08/redigera")
	if !strings.Contains(edit2021, "Fler gröna tak") || strings.Contains(edit2022, "Fler gröna tak") {
		t.Errorf("the retired goal in the edit pages: 2021 %v, 2022 %v", strings.Contains(edit2021, "Fler gröna tak"), strings.Contains(edit2022, "Fler gröna tak"))
	}
	log, _ := db.AuditLog(context.Background(), store.AuditFilter{Municipality: "0126", Entity: "goal", Key: "nm-tak"})
	if len(log) == 0 || log[0].Actor != "controller" {
		t.Errorf("audit %+v", log)
	}
}
