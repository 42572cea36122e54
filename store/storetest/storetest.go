// Package storetest opens real databases for tests: a fresh SQLite file, and a fresh
// PostgreSQL schema when TERTIAL_TEST_POSTGRES holds a database URL. Every test gets its
// own database or schema, so tests (and concurrent CI runs) never see each other's data.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
)

// PostgresEnv is the environment variable that turns on the PostgreSQL tests, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "TERTIAL_TEST_POSTGRES"

// Each runs fn as a subtest on a fresh database of each dialect. Without
// TERTIAL_TEST_POSTGRES the PostgreSQL subtest is skipped with a message saying so.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh, migrated database of the dialect, closed and removed when the test
// ends. For PostgreSQL without TERTIAL_TEST_POSTGRES it skips the test.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	u := URL(t, d)
	db, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// URL returns the URL of a fresh, empty database of the dialect (not yet migrated), for
// tests that run the tertial command against it.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "tertial.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests are off: set %s to a database URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", PostgresEnv)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tertial_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

// Raw opens a plain connection to the database at u (a URL from URL), outside the store, so
// a test can do what Tertial never does: tamper with rows, add triggers, try to rewrite the
// audit log. The connection is closed when the test ends.
func Raw(t testing.TB, u string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", u
	if strings.HasPrefix(u, "sqlite:") {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(u, "sqlite:")
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
