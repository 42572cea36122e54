package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// BenchmarkPeriodPage measures serving the demo's period page (load from SQLite, build the
// goal tree, render) without the network.
func BenchmarkPeriodPage(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	ds, err := demoDatasetB()
	if err != nil {
		b.Fatal(err)
	}
	if err := db.ReplaceDataset(b.Context(), ds); err != nil {
		b.Fatal(err)
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.CreateUser(b.Context(), "test", tertial.User{Name: "lasare", Role: tertial.RoleReader, Municipality: "0126"}, ""); err != nil {
		b.Fatal(err)
	}
	if err := db.CreateSession(b.Context(), auth.HashToken("bench"), "lasare", time.Now().Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/kommuner/0126/enheter/ks/perioder/2021-08", nil)
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: "bench"})
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
