package loadtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// site sets up a database of the dialect with the demo and n accounts, and serves it.
func site(t *testing.T, d store.Dialect, n int) string {
	t.Helper()
	ctx := context.Background()
	u := storetest.URL(t, d)
	if err := Setup(ctx, u, "t", n, "losenord", io.Discard); err != nil {
		t.Fatal(err)
	}
	// Setting up twice changes nothing: the demo and the accounts are there.
	if err := Setup(ctx, u, "t", n, "losenord", io.Discard); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRun runs a short load with a few clients on each database: every save is accepted
// and read back.
func TestRun(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := site(t, d, 3)
			res, err := Run(context.Background(), Config{URL: url, Label: string(d), Clients: 3, Duration: 5 * time.Second, // long enough for a round of every kind on a busy machine
				Think: 20 * time.Millisecond, UserPrefix: "t", Password: "losenord", Years: []int{2021}, GridTable: "drift", GridColumn: "forecast"})
			if err != nil {
				t.Fatal(err)
			}
			if p := res.Problems(0); len(p) > 0 {
				t.Errorf("problems: %q", p)
			}
			if res.Saves == 0 || res.Verified != 26 || res.Items != 26 {
				t.Errorf("saves %d, verified %d, items %d", res.Saves, res.Verified, res.Items)
			}
			for _, s := range res.Kinds {
				if s.Requests == 0 {
					t.Errorf("no %s requests", s.Kind)
				}
			}
			// Each optional kind either ran or was left out with a note saying why.
			ran := map[string]bool{}
			for _, s := range res.Kinds {
				ran[s.Kind] = s.Requests > 0
			}
			for _, k := range []string{KindOverview, KindMuniOverview, KindGrid} {
				noted := false
				for _, n := range res.Skipped {
					noted = noted || strings.HasPrefix(n, k+":")
				}
				if ran[k] == noted {
					t.Errorf("%s: ran %v, noted as left out %v (%q)", k, ran[k], noted, res.Skipped)
				}
			}
			if ran[KindGrid] && (res.GridSaves == 0 || res.GridLost > 0 || res.GridVerified == 0) {
				t.Errorf("grid: %d saves, %d read back, %d lost", res.GridSaves, res.GridVerified, res.GridLost)
			}
		})
	}
}

// TestVerifyFindsLostSaves checks that verification notices saves that are not in the
// data: two saves accepted from the same version (only one can have been written), and a
// value that is in neither the form nor the history.
func TestVerifyFindsLostSaves(t *testing.T) {
	ctx := context.Background()
	url := site(t, store.SQLite, 1)
	cfg := &Config{URL: url, Clients: 1, Duration: time.Second, UserPrefix: "t", Password: "losenord", Years: []int{2020}}
	if err := cfg.defaults(); err != nil {
		t.Fatal(err)
	}
	sh := &shared{cfg: cfg, stop: make(chan struct{})}
	c, err := newClient(sh, "t001", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.signIn(ctx); err != nil {
		t.Fatal(err)
	}
	items, err := discover(ctx, c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.item = items[0]
	st, err := c.readForm(ctx, c.item.path)
	if err != nil {
		t.Fatal(err)
	}
	c.save(ctx, st)
	if sh.saves.Load() != 1 || sh.failed.Load() != 0 || sh.lostNow.Load() != 0 {
		t.Fatalf("saves %d, failed %d, lost %d: %q", sh.saves.Load(), sh.failed.Load(), sh.lostNow.Load(), sh.samples)
	}
	if v := verify(ctx, c, items); v.lost != 0 || v.invisible != 0 || v.checked != len(items) {
		t.Fatalf("after one save: %+v", v)
	}

	// A second save accepted from the same version, as a lost update would be.
	c.item.accept(st.version, "999,99", "t002")
	v := verify(ctx, c, items)
	if v.lost != 1 {
		t.Errorf("lost = %d, want 1: %+v", v.lost, v)
	}
	if v.invisible != 1 { // 999,99 is not in the history either
		t.Errorf("invisible = %d, want 1: %+v", v.invisible, v)
	}
}

// TestParseGrid reads a grid's form as the site writes it and posts it back with one field
// changed and every other as shown.
func TestParseGrid(t *testing.T) {
	page := `<main><form method="post" action="/x" class="grid-form" novalidate>
<input type="hidden" name="r.personal.version" value="4"><input type="hidden" name="r.personal.h" value="ab12">
<input id="c1" name="r.personal.forecast" type="text" inputmode="decimal" class="grid-num" value="237&#160;000" aria-labelledby="k">
<input id="c2" name="r.personal.budget" type="text" inputmode="decimal" class="grid-num" value="1" aria-labelledby="k">
<textarea id="c3" name="r.personal.comment" rows="2" aria-labelledby="k">
Högre &amp; fler</textarea>
<select id="c4" name="r.personal.kind" aria-labelledby="k"><option value="a">A</option><option value="b" selected>B</option></select>
<button type="submit" name="atgard" value="spara">Spara alla</button></form></main>
<form method="post" action="/logga-ut"><input type="hidden" name="other" value="x"></form>`
	f := parseGrid(page)
	if got := f.inputs["r.personal.forecast"]; !got.numeric || got.value != "237\u00a0000" {
		t.Errorf("forecast: %+v", got)
	}
	if got := f.inputs["r.personal.comment"]; got.numeric || got.value != "Högre & fler" {
		t.Errorf("comment: %+v", got)
	}
	if got := f.inputs["r.personal.kind"].value; got != "b" {
		t.Errorf("select: %q", got)
	}
	if _, ok := f.inputs["other"]; ok {
		t.Error("a field of another form was read")
	}
	if v := f.rowVersion("r.personal.forecast"); v != 4 {
		t.Errorf("row version %d", v)
	}
	v := f.values("r.personal.forecast", "1234")
	if v.Get("r.personal.forecast") != "1234" || v.Get("r.personal.budget") != "1" || v.Get("r.personal.h") != "ab12" || v.Get("atgard") != "spara" {
		t.Errorf("posted %v", v)
	}
}

// TestSavedRedirect: a save's 303 back to the form, or on to the period's list of what to
// fill in, counts as saved; to the sign-in page or elsewhere it does not.
func TestSavedRedirect(t *testing.T) {
	form := "/kommuner/0126/enheter/ks/perioder/2021-08/redigera/indikator/hme/2019"
	for loc, want := range map[string]bool{
		form + "?sparat=1": true,
		"/kommuner/0126/enheter/ks/perioder/2021-08/redigera?sparat=indikator%2Fhme%2F2019#indikator-hme": true,
		"/logga-in?nasta=%2F": false,
		"/kommuner/0126/enheter/ks/perioder/2021-08/redigera":          false,
		"/kommuner/0126/enheter/kf/perioder/2021-08/redigera?sparat=1": false,
	} {
		if got := savedRedirect(loc, form); got != want {
			t.Errorf("%s: %v, want %v", loc, got, want)
		}
	}
}
