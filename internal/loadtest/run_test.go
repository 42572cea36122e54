package loadtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
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
			res, err := Run(context.Background(), Config{URL: url, Label: string(d), Clients: 3, Duration: time.Second,
				Think: 20 * time.Millisecond, UserPrefix: "t", Password: "losenord", Years: []int{2021}})
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
