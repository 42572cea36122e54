package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// saveIndicator saves an indicator value of the demo's ks 2021-08 through the edit form, as
// the reporter does, and fails unless the save is accepted.
func saveIndicator(t *testing.T, cookie, base, indicator, year, value string) {
	t.Helper()
	u := base + periodPath + "/redigera/indikator/" + indicator + "/" + year
	form := url.Values{"varde": {value}, "typ": {"outcome"}, "saknas": {""}, "kommentar": {""}, "atgard": {"spara"},
		"version": {formVersion(t, cookie, u)}}
	if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
		t.Fatalf("save %s %s = %s: status %d\n%s", indicator, year, value, code, text(body))
	}
}

// pageHas fetches a page that must answer 200 and reports whether it holds want.
func pageHas(t *testing.T, cookie, u, want string) bool {
	t.Helper()
	code, _, page := getAs(t, cookie, u)
	if code != http.StatusOK {
		t.Fatalf("%s: status %d", u, code)
	}
	return strings.Contains(page, want)
}

// TestCachedPagesShowTheLatestSave: the report and the period page are kept between
// writes (pagecache.go), so a save right after a view must still show in the next view,
// each time, on both databases.
func TestCachedPagesShowTheLatestSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		cookie := login(t, srv, "rapportor")
		report, period := srv.URL+periodPath+"/rapport", srv.URL+periodPath
		for _, v := range []string{"0,871", "0,872", "0,873"} {
			// Viewed twice before the save, so that the view before it is one kept.
			for range 2 {
				if pageHas(t, cookie, report, v) || pageHas(t, cookie, period, v) {
					t.Fatalf("%s shows before it is saved", v)
				}
			}
			saveIndicator(t, cookie, srv.URL, "arbetsplatskvot", "2021", v)
			if !pageHas(t, cookie, report, v) {
				t.Errorf("the report does not show %s right after its save", v)
			}
			if !pageHas(t, cookie, period, v) {
				t.Errorf("the period page does not show %s right after its save", v)
			}
		}
		// The reader, who may not edit, sees the same.
		if !pageHas(t, login(t, srv, "lasare"), period, "0,873") {
			t.Error("the reader's period page does not show the last save")
		}
	})
}

// TestCachedPagesAcrossServers: two servers (two processes, each with its own caches) on
// one PostgreSQL database. A save through server A must show in server B's next view of
// the report and the period page, though B had them cached.
func TestCachedPagesAcrossServers(t *testing.T) {
	dbURL := storetest.URL(t, store.Postgres)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	srvA := site(t, open(), demoDataset(t))
	h, err := web.New(open(), slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srvB := httptest.NewServer(h)
	t.Cleanup(srvB.Close)
	cookie := login(t, srvA, "rapportor") // sessions are in the database: good on B too
	report, period := srvB.URL+periodPath+"/rapport", srvB.URL+periodPath
	for _, v := range []string{"0,881", "0,882"} {
		for range 2 {
			if pageHas(t, cookie, report, v) || pageHas(t, cookie, period, v) {
				t.Fatalf("%s shows on B before it is saved", v)
			}
		}
		saveIndicator(t, cookie, srvA.URL, "arbetsplatskvot", "2021", v)
		if !pageHas(t, cookie, report, v) {
			t.Errorf("B's report does not show %s saved through A", v)
		}
		if !pageHas(t, cookie, period, v) {
			t.Errorf("B's period page does not show %s saved through A", v)
		}
	}
}

// BenchmarkReportPage measures serving the demo's report, signed in, over SQLite and
// without the network: "cached" with the page kept (the same generation of the dataset),
// "uncached" with no page cache (built and rendered every time, as before the cache; the
// dataset itself stays cached by the store), "after-save" with a save of one indicator
// value before each view (the dataset reloaded, the report built again; the save is
// timed too).
func BenchmarkReportPage(b *testing.B) {
	for _, c := range []struct {
		name  string
		bytes int64
		save  bool
	}{{"cached", 0, false}, {"uncached", -1, false}, {"after-save", 0, true}} {
		b.Run(c.name, func(b *testing.B) {
			db := storetest.Open(b, store.SQLite)
			ds, err := demoDatasetB()
			if err != nil {
				b.Fatal(err)
			}
			if err := db.ReplaceDataset(b.Context(), ds); err != nil {
				b.Fatal(err)
			}
			h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{PageCacheBytes: c.bytes})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.CreateUser(b.Context(), "test", tertial.User{Name: "rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"}, ""); err != nil {
				b.Fatal(err)
			}
			if err := db.CreateSession(b.Context(), auth.HashToken("bench"), "rapportor", time.Now().Add(time.Hour)); err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, periodPath+"/rapport", nil)
			req.AddCookie(&http.Cookie{Name: "tertial_session", Value: "bench"})
			ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
			version := 0
			if cur, err := db.Dataset(b.Context(), "0126"); err == nil {
				if v := cur.Indicator("arbetsplatskvot").ValueFor(2021); v != nil {
					version = v.Version
				}
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if c.save {
					n++
					d := tertial.MustParseDecimal("0," + strings.Repeat("9", 1+n%5))
					var err error
					version, err = db.SaveIndicatorValue(b.Context(), store.Edit{Actor: "rapportor", Period: ref, Version: version}, "arbetsplatskvot",
						tertial.IndicatorValue{Year: 2021, Value: &d, Kind: tertial.Outcome})
					if err != nil {
						b.Fatal(err)
					}
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// TestCachedFindingsFollowTheLatestSave: tertial check's findings are kept by generation
// (checkOf) for "Fyll i", the overview and the gates, and "Fyll i"'s lists likewise; a save
// that settles a finding must take it off each of them at once, and show in the lists.
func TestCachedFindingsFollowTheLatestSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		cookie := login(t, srv, "rapportor")
		missing := "«Invånare som kan rekommendera andra att flytta till kommunen» saknar värde för 2021"
		pages := []string{srv.URL + periodPath + "/redigera", srv.URL + periodPath + "/oversikt"}
		for _, u := range pages {
			for range 2 {
				if !pageHas(t, cookie, u, missing) {
					t.Fatalf("%s does not name the missing value before the save", u)
				}
			}
		}
		row := func() string { // the indicator's row in "Fyll i"
			_, _, page := getAs(t, cookie, pages[0])
			_, after, ok := strings.Cut(page, `<tr id="indikator-rekommendera-flytta">`)
			if !ok {
				t.Fatal("Fyll i has no row for the indicator")
			}
			before, _, _ := strings.Cut(after, "</tr>")
			return before
		}
		if strings.Contains(row(), "73") {
			t.Fatal("Fyll i shows 73 before its save")
		}
		saveIndicator(t, cookie, srv.URL, "rekommendera-flytta", "2021", "73")
		// "Fyll i" keeps its lists by generation too: the new value is in them.
		if r := row(); !strings.Contains(r, "73") {
			t.Errorf("Fyll i does not show the value right after its save: %s", r)
		}
		for _, u := range pages {
			if pageHas(t, cookie, u, missing) {
				t.Errorf("%s still names the missing value after its save", u)
			}
		}
	})
}
