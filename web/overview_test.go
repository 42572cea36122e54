package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

const (
	ovPeriod = "/kommuner/0126/enheter/ks/perioder/2021-08"
	ovPage   = ovPeriod + "/oversikt"
	ovMuni   = "/kommuner/0126/oversikt"
)

// assessedDemo is the demo dataset with its board's goals given assessments in a fixed
// pattern (the demo itself has none): two achieved, one partly, two not achieved, the
// rest without.
func assessedDemo(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	pattern := []tertial.Assessment{tertial.AssessAchieved, tertial.AssessAchieved, tertial.AssessPartly, tertial.AssessNotAchieved, tertial.AssessNotAchieved}
	i := 0
	for gi := range ds.Goals {
		g := &ds.Goals[gi]
		if g.Unit != "ks" {
			continue
		}
		for fi := range g.Followups {
			if g.Followups[fi].Period == "2021-08" && i < len(pattern) {
				g.Followups[fi].Assessment = pattern[i]
				i++
			}
		}
	}
	if i != len(pattern) {
		t.Fatalf("the demo has %d goals of ks followed up in 2021-08, the test needs %d", i, len(pattern))
	}
	return ds
}

// ksGoals counts, straight from the dataset, the goals Kommunstyrelsen owns (in the area,
// "" for all) and how many of them have each assessment in 2021-08 ("" for none).
func ksGoals(ds *tertial.Dataset, area string) (total int, by map[tertial.Assessment]int, titles map[tertial.Assessment][]string) {
	by, titles = map[tertial.Assessment]int{}, map[tertial.Assessment][]string{}
	for _, g := range ds.Goals {
		if g.Unit != "ks" {
			continue
		}
		top := g
		for top.Parent != "" {
			top = *ds.Goal(top.Parent)
		}
		if area != "" && top.Area != area {
			continue
		}
		total++
		a := tertial.AssessNone
		for _, f := range g.Followups {
			if f.Period == "2021-08" {
				a = f.Assessment
			}
		}
		by[a]++
		titles[a] = append(titles[a], g.Title)
	}
	return total, by, titles
}

// TestOverviewCounts: the overview counts the board's goals by assessment in the words of
// the goal scale, as the dataset holds them; lists the indicators with their outcome and
// stage target, the largest budget deviations, the workflow and what check finds.
func TestOverviewCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := assessedDemo(t)
		srv := site(t, db, ds)
		status, _, page := get(t, srv.URL+ovPage)
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, text(page))
		}
		got := text(page)
		total, by, _ := ksGoals(ds, "")
		if total != 11 {
			t.Errorf("the demo's board has %d goals; this test expects the 11 it was written for", total)
		}
		for _, l := range ds.Municipality.Scale(tertial.ScaleGoals) {
			want := strconv.Itoa(by[tertial.Assessment(l.ID)]) + " av " + strconv.Itoa(total) + " mål " + strings.ToLower(l.Name)
			if !strings.Contains(got, want) {
				t.Errorf("%q is not on the page", want)
			}
		}
		if want := strconv.Itoa(by[tertial.AssessNone]) + " av " + strconv.Itoa(total) + " mål saknar bedömning"; !strings.Contains(got, want) {
			t.Errorf("%q is not on the page", want)
		}
		// Each goal links to its form, with its assessment's words beside it.
		for _, g := range ds.Goals {
			if g.Unit == "ks" && !strings.Contains(page, `href="`+ovPeriod+`/redigera/mal/`+g.ID+`"`) {
				t.Errorf("goal %s does not link to its form", g.ID)
			}
		}
		// Every indicator of the period, each linked to its value's form; the counts by
		// result add up to them.
		for _, ind := range ds.Indicators {
			if !strings.Contains(page, `href="`+ovPeriod+`/redigera/indikator/`+ind.ID+`/2021"`) {
				t.Errorf("indicator %s does not link to its form", ind.ID)
			}
		}
		sum := 0
		for _, m := range regexp.MustCompile(`(\d+) av `+strconv.Itoa(len(ds.Indicators))+` indikatorer: `).FindAllStringSubmatch(got, -1) {
			n, _ := strconv.Atoi(m[1])
			sum += n
		}
		if sum != len(ds.Indicators) {
			t.Errorf("the indicators' counts add up to %d, want %d", sum, len(ds.Indicators))
		}
		// Sjukfrånvaro: 8,9 % against a stage target of <7,9 %, lower is better: it misses.
		row := page[strings.Index(page, `/redigera/indikator/sjukfranvaro/2021"`):]
		row = row[:strings.Index(row, "</tr>")]
		row = page[strings.LastIndex(page[:strings.Index(page, row)], "<tr>") : strings.Index(page, row)+len(row)]
		if r := text(row); !strings.Contains(r, "Uppnår inte etappmålet") || !strings.Contains(r, "8,9") || !strings.Contains(r, "<7,9 %") {
			t.Errorf("sick leave's row: %q, want it to miss its stage target with 8,9 against <7,9 %%", r)
		}

		// The largest deviation: forecast − budget of a money table's row, as the dataset
		// holds them (in result sign), the largest in size first.
		var best tertial.Amount
		var bestRow string
		per := ds.Period("ks", "2021-08")
		var walk func(mt *tertial.MoneyTable, rows []tertial.MoneyRow)
		walk = func(mt *tertial.MoneyTable, rows []tertial.MoneyRow) {
			for _, r := range rows {
				if r.Group {
					walk(mt, r.Rows)
					continue
				}
				for _, pair := range [][2]tertial.MoneyColumn{{tertial.ColBudget, tertial.ColForecast}, {tertial.ColPeriodBudget, tertial.ColPeriodOutcome}} {
					b, okb := r.Amounts[pair[0]]
					f, okf := r.Amounts[pair[1]]
					if !okb || !okf {
						continue
					}
					d := f - b
					if d < 0 {
						d = -d
					}
					if d > best {
						best, bestRow = d, `/redigera/rad/`+mt.ID+`/`+r.ID+`"`
					}
				}
			}
		}
		for i := range per.MoneyTables {
			walk(&per.MoneyTables[i], per.MoneyTables[i].Rows)
		}
		if bestRow == "" {
			t.Fatal("the demo has no row with budget and forecast")
		}
		dev := page[strings.Index(page, `id="avvikelser"`):]
		dev = dev[:strings.Index(dev, `id="arbetsflode"`)]
		if n := strings.Count(dev, "<tr>") - 1; n != 5 {
			t.Errorf("%d deviations listed, want the 5 largest", n)
		}
		first := dev[strings.Index(dev, "<tbody>"):]
		if !strings.Contains(first[:strings.Index(first, "</tr>")], bestRow) {
			t.Errorf("the first deviation is not the largest (%s): %s", bestRow, text(first[:strings.Index(first, "</tr>")]))
		}

		// The deadline (10 September 2021) has passed and nothing is approved: late.
		if !strings.Contains(got, "Enheten är sen") || !strings.Contains(got, "Ej påbörjad sen") {
			t.Errorf("the board is not shown as late: %s", got[strings.Index(got, "Arbetsflöde Sista"):])
		}
		// What tertial check finds, each finding linked.
		findings, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		if want := "Att åtgärda (" + strconv.Itoa(len(findings)) + ")"; !strings.Contains(got, want) {
			t.Errorf("%q is not on the page", want)
		}
		if n := strings.Count(page[strings.Index(page, `class="ov-findings"`):], "<li><a href="); n != len(findings) {
			t.Errorf("%d findings linked, want %d", n, len(findings))
		}
		if by[tertial.AssessNone] > 0 && !strings.Contains(page, `<a href="`+ovPeriod+`/redigera/mal/`) {
			t.Error("a goal without assessment is not linked to its form among the findings")
		}

		// The period page's box has the same counts and links to the overview.
		_, _, pp := get(t, srv.URL+ovPeriod)
		box := text(pp[strings.Index(pp, `class="ov-box"`):strings.Index(pp, `</section>`)])
		want := strconv.Itoa(by[tertial.AssessAchieved]) + " av " + strconv.Itoa(total) + " mål uppnås"
		if !strings.Contains(box, want) || !strings.Contains(pp, `href="`+ovPage+`"`) {
			t.Errorf("the period page's box %q lacks %q or the link", box, want)
		}
		// The municipality's page links to the overviews.
		_, _, mp := get(t, srv.URL+"/kommuner/0126")
		if !strings.Contains(mp, `href="`+ovMuni+`"`) || !strings.Contains(mp, `href="`+ovPage+`"`) {
			t.Error("the municipality's page does not link to the overviews")
		}
	})
}

// TestOverviewFilters: the area and assessment filters narrow the goals; an unknown
// value is refused.
func TestOverviewFilters(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := assessedDemo(t)
	srv := site(t, db, ds)
	for _, area := range ds.GoalAreas {
		total, by, _ := ksGoals(ds, area.ID)
		_, _, page := get(t, srv.URL+ovPage+"?omrade="+area.ID)
		got := text(page)
		want := strconv.Itoa(by[tertial.AssessAchieved]) + " av " + strconv.Itoa(total) + " mål uppnås"
		if !strings.Contains(got, want) {
			t.Errorf("area %s: %q is not on the page", area.ID, want)
		}
		for _, other := range ds.GoalAreas {
			if shown := strings.Contains(got, "Målområde: "+other.Name); shown != (other.ID == area.ID) {
				t.Errorf("area %s: area %s shown %v", area.ID, other.ID, shown)
			}
		}
	}
	_, _, titles := ksGoals(ds, "")
	_, _, page := get(t, srv.URL+ovPage+"?bedomning=not_achieved")
	goals := page[strings.Index(page, `id="mal"`):strings.Index(page, `id="indikatorer"`)]
	if n := strings.Count(goals, "/redigera/mal/"); n != len(titles[tertial.AssessNotAchieved]) {
		t.Errorf("%d goals listed, want the %d not achieved", n, len(titles[tertial.AssessNotAchieved]))
	}
	for _, title := range titles[tertial.AssessAchieved] {
		if strings.Contains(text(goals), title) && !containsAny(text(goals), titles[tertial.AssessNotAchieved]) {
			t.Errorf("an achieved goal %q is listed under not achieved", title)
		}
	}
	_, _, page = get(t, srv.URL+ovPage+"?bedomning=ingen")
	goals = page[strings.Index(page, `id="mal"`):strings.Index(page, `id="indikatorer"`)]
	if n := strings.Count(goals, "/redigera/mal/"); n != len(titles[tertial.AssessNone]) {
		t.Errorf("%d goals listed, want the %d without assessment", n, len(titles[tertial.AssessNone]))
	}
	for _, bad := range []string{"?omrade=finns-inte", "?bedomning=kanske"} {
		if status, _, _ := get(t, srv.URL+ovPage+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// withSecondUnit adds a period 2021-08 for Kommunstyrelsens förvaltning with a deadline
// far ahead, so that the municipality's overview has a board that is not late.
func withSecondUnit(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "ksf", ID: "2021-08", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 31 augusti 2021", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC),
		Deadline: time.Date(2099, 9, 10, 0, 0, 0, 0, time.UTC), Template: "delarsrapport"}); err != nil {
		t.Fatal(err)
	}
}

// TestMunicipalityOverview: every unit with the period, late or not, its goals by
// assessment and its findings; filters by unit and assessment; the latest period by
// default.
func TestMunicipalityOverview(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := assessedDemo(t)
	srv := site(t, db, ds)
	withSecondUnit(t, db)
	status, _, page := get(t, srv.URL+ovMuni)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, text(page))
	}
	rows := page[strings.Index(page, `class="ov-units"`):]
	rows = rows[strings.Index(rows, "<tbody>"):strings.Index(rows, "</tbody>")]
	trs := strings.Split(rows, "</tr>")
	var ks, ksf string
	for _, tr := range trs {
		switch {
		case strings.Contains(tr, "/enheter/ksf/"):
			ksf = text(tr)
		case strings.Contains(tr, "/enheter/ks/"):
			ks = text(tr)
		}
	}
	if !strings.HasSuffix(strings.Fields(ks)[0], "Kommunstyrelsen") || !strings.Contains(ks, " sen ") {
		t.Errorf("Kommunstyrelsen's row does not say it is late: %q", ks)
	}
	if ksf == "" || strings.Contains(ksf, " sen ") {
		t.Errorf("the förvaltning's row (deadline 2099) says it is late or is missing: %q", ksf)
	}
	if !strings.Contains(text(page), "1 enhet är sen") {
		t.Error("the number of late units is not said")
	}
	// Kommunstyrelsen's counts per level of the goal scale, in the scale's order.
	_, by, titles := ksGoals(ds, "")
	var want []string
	for _, l := range ds.Municipality.Scale(tertial.ScaleGoals) {
		want = append(want, strconv.Itoa(by[tertial.Assessment(l.ID)]))
	}
	want = append(want, strconv.Itoa(by[tertial.AssessNone]))
	findings, _ := report.Check(ds, "ks", "2021-08")
	want = append(want, strconv.Itoa(len(findings)))
	if !strings.Contains(ks, strings.Join(want, " ")) {
		t.Errorf("Kommunstyrelsen's counts: %q, want %q", ks, strings.Join(want, " "))
	}
	// Filtered by assessment: only the goals not achieved, each linked to its form.
	_, _, page = get(t, srv.URL+ovMuni+"?period=2021-08&bedomning=not_achieved")
	goals := text(page[strings.Index(page, `id="mal"`):])
	for _, title := range titles[tertial.AssessNotAchieved] {
		if !strings.Contains(goals, title) {
			t.Errorf("goal %q not achieved is not listed", title)
		}
	}
	if n := strings.Count(page[strings.Index(page, `id="mal"`):], "/redigera/mal/"); n != len(titles[tertial.AssessNotAchieved]) {
		t.Errorf("%d goals listed, want %d", n, len(titles[tertial.AssessNotAchieved]))
	}
	// Filtered by unit: only the förvaltning.
	_, _, page = get(t, srv.URL+ovMuni+"?period=2021-08&enhet=ksf")
	rows = page[strings.Index(page, `class="ov-units"`):]
	rows = rows[strings.Index(rows, "<tbody>"):strings.Index(rows, "</tbody>")]
	if strings.Contains(rows, "/enheter/ks/") || !strings.Contains(rows, "/enheter/ksf/") {
		t.Errorf("the unit filter shows: %s", text(rows))
	}
	for _, bad := range []string{"?enhet=nobody", "?bedomning=kanske"} {
		if status, _, _ := get(t, srv.URL+ovMuni+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
	if status, _, _ := get(t, srv.URL+ovMuni+"?period=1999-01"); status != http.StatusNotFound {
		t.Errorf("an unknown period: status %d, want 404", status)
	}
	// A unit whose period has no report template yet: no sections, but an overview.
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "kf", ID: "2021-08", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 31 augusti 2021", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if status, _, page := get(t, srv.URL+ovMuni+"?period=2021-08"); status != http.StatusOK || !strings.Contains(page, "/enheter/kf/perioder/2021-08/oversikt") {
		t.Errorf("with a period without template: status %d", status)
	}
	if status, _, page := get(t, srv.URL+"/kommuner/0126/enheter/kf/perioder/2021-08/oversikt"); status != http.StatusOK || !strings.Contains(text(page), "har ingen rapportmall") {
		t.Errorf("the overview of a period without template: status %d", status)
	}
	// The latest period by default: a later one of the förvaltning becomes the default.
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "ksf", ID: "2022-04", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 30 april 2022", Cutoff: time.Date(2022, 4, 30, 0, 0, 0, 0, time.UTC), Template: "delarsrapport"}); err != nil {
		t.Fatal(err)
	}
	_, _, page = get(t, srv.URL+ovMuni)
	if !strings.Contains(text(page), "Översikt: Delårsrapport per 30 april 2022") {
		t.Errorf("the default period is not the latest: %s", text(page)[:200])
	}
}

// TestOverviewPermissions: the overviews follow the period page's rules. Anyone of the
// municipality reads them (a reporter of another unit too, as the period page); only
// those who may edit get links to the forms; another municipality's account is refused.
func TestOverviewPermissions(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := assessedDemo(t)
	srv := site(t, db, ds, ekbyDataset(t))
	withSecondUnit(t, db)
	// A reporter of the förvaltning only (below KS, so not KS's own).
	if err := db.CreateUser(context.Background(), "test", tertial.User{Name: "rapportor-ksf", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ksf"}, passwordHash); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user      string
		status    int
		editLinks bool
	}{
		{"controller", http.StatusOK, true},
		{"rapportor", http.StatusOK, true},
		{"rapportor-ksf", http.StatusOK, false},
		{"lasare", http.StatusOK, false},
		{"lasare-ekby", http.StatusForbidden, false},
	} {
		cookie := login(t, srv, tc.user)
		for _, path := range []string{ovPage, ovMuni} {
			pstatus, _, _ := getAs(t, cookie, srv.URL+ovPeriod)
			status, _, page := getAs(t, cookie, srv.URL+path)
			if status != tc.status {
				t.Errorf("%s %s: status %d, want %d", tc.user, path, status, tc.status)
				continue
			}
			if path == ovPage && status != pstatus {
				t.Errorf("%s: the overview answers %d, the period page %d", tc.user, status, pstatus)
			}
			if status != http.StatusOK {
				continue
			}
			if has := strings.Contains(page, ovPeriod+"/redigera/mal/"); has != tc.editLinks {
				t.Errorf("%s %s: links to the goal forms %v, want %v", tc.user, path, has, tc.editLinks)
			}
			if !tc.editLinks && !strings.Contains(page, ovPeriod+"#mal-") {
				t.Errorf("%s %s: the goals do not link to the period page", tc.user, path)
			}
		}
	}
	// Without signing in: to the sign-in page.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{ovPage, ovMuni} {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
			t.Errorf("%s without signing in: status %d, want a redirect to the sign-in page", path, resp.StatusCode)
		} else if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/logga-in") {
			t.Errorf("%s without signing in: to %q", path, loc)
		}
	}
}

// TestOverviewOwnScale: with a goal scale of the municipality's own (five levels), the
// overview counts per level of that scale, in its words, and filters by its levels.
func TestOverviewOwnScale(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := assessedDemo(t)
	storetest.OwnScales(ds)
	srv := site(t, db, ds)
	_, _, page := get(t, srv.URL+ovPage)
	got := text(page)
	total, by, titles := ksGoals(ds, "")
	for _, l := range storetest.FiveLevels {
		want := strconv.Itoa(by[tertial.Assessment(l.ID)]) + " av " + strconv.Itoa(total) + " mål " + strings.ToLower(l.Name)
		if !strings.Contains(got, want) {
			t.Errorf("%q is not on the page", want)
		}
		if !strings.Contains(page, `<option value="`+l.ID+`">`+l.Name+`</option>`) {
			t.Errorf("the filter has no option %s", l.ID)
		}
	}
	if strings.Contains(got, "mål uppnås delvis") {
		t.Error("the default scale's words are on the page")
	}
	_, _, page = get(t, srv.URL+ovPage+"?bedomning=inte")
	goals := page[strings.Index(page, `id="mal"`):strings.Index(page, `id="indikatorer"`)]
	if n := strings.Count(goals, "/redigera/mal/"); n != len(titles["inte"]) || n == 0 {
		t.Errorf("%d goals listed, want the %d of the level Inte uppfyllt", n, len(titles["inte"]))
	}
	if !strings.Contains(text(goals), "Inte uppfyllt") {
		t.Error("the goals' level is not named in the scale's words")
	}
}
