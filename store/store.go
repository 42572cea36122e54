// Package store keeps Tertial's data in SQLite or PostgreSQL through database/sql, with
// hand-written SQL that runs on both. Exported methods open their own transaction;
// lowercase helpers take the transaction so related writes share it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/tertial/tertial"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the SQL database a DB talks to.
type Dialect string

// The dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is Tertial's store. On SQLite it holds two pools: many readers and a single writer,
// because SQLite allows one writer at a time and queueing writers in Go is kinder than
// SQLITE_BUSY. On PostgreSQL both are one pool.
type DB struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// afterPeriodCheck, when set (by tests, through export_test.go), is called inside a
	// writing transaction right after it found its period open, so that a test can hold
	// the transaction there and show what another connection must wait for.
	afterPeriodCheck func(*Tx)

	cacheMu sync.Mutex
	cache   map[string]cachedDataset // by municipality code; see SharedDataset
	loading map[string]*sync.Mutex   // one loader at a time per municipality
	// pending are patches of the cached dataset (patch.go) that came before the patch of
	// the write just before them, by municipality and the generation they start from.
	pending map[string]map[int64]*cachePatch

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // see prepared
}

//go:embed migrations
var migrations embed.FS

// DefaultURL is the database used when none is given.
const DefaultURL = "sqlite:./tertial.db"

// Open opens the database at url and applies pending migrations. url is
// "sqlite:PATH" (a file; created if missing), or "postgres://..." / "postgresql://...".
// It returns an EINVALID error for an unknown URL and the driver's error when the
// database cannot be reached.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	db := &DB{Now: time.Now, cache: map[string]cachedDataset{}}
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
		if path == "" {
			return nil, tertial.Errorf(tertial.EINVALID, "databasadressen %q saknar sökväg", rawURL)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		db.dialect = SQLite
		pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
		dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
		var err error
		if db.write, err = sql.Open("sqlite", dsn+"&_txlock=immediate"); err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		if db.read, err = sql.Open("sqlite", dsn); err != nil {
			return nil, err
		}
		db.read.SetMaxOpenConns(8)
		db.read.SetMaxIdleConns(8)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		db.dialect = Postgres
		var err error
		if db.write, err = sql.Open("pgx", rawURL); err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(16)
		// Keep the connections open: starting a PostgreSQL backend per request costs as
		// much CPU as serving it.
		db.write.SetMaxIdleConns(16)
		db.write.SetConnMaxIdleTime(5 * time.Minute)
		// Reads have a pool of their own, so that a page never waits for a connection
		// behind writes that queue for a municipality's generation row and their commits'
		// flush when many save at once.
		if db.read, err = sql.Open("pgx", rawURL); err != nil {
			db.write.Close()
			return nil, err
		}
		db.read.SetMaxOpenConns(16)
		db.read.SetMaxIdleConns(16)
		db.read.SetConnMaxIdleTime(5 * time.Minute)
	default:
		return nil, tertial.Errorf(tertial.EINVALID, "okänd databasadress %q: använd sqlite:SÖKVÄG eller postgres://...", rawURL)
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the database.
func (db *DB) Close() error {
	var err error
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	if db.read != nil && db.read != db.write {
		err = db.read.Close()
	}
	if db.write != nil {
		if e := db.write.Close(); e != nil {
			err = e
		}
	}
	return err
}

// migrate applies the embedded migrations of the dialect that have not run yet, each in
// its own transaction. The schema version is the number of migrations applied.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	dir := "migrations/" + string(db.dialect)
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		err := db.inTx(ctx, func(tx *Tx) error {
			var n int
			if err := tx.get(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, []any{base}, &n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			script, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			for _, stmt := range splitStatements(string(script)) {
				if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w\n%s", base, err, stmt)
				}
			}
			return tx.exec(`INSERT INTO schema_migrations (name) VALUES (?)`, base)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitStatements splits a migration script at semicolons that end a line, dropping
// comment lines; a $$-quoted function body is kept whole.
func splitStatements(script string) []string {
	var stmts []string
	var cur strings.Builder
	inBody := false
	for _, line := range strings.Split(script, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.Count(line, "$$")%2 == 1 {
			inBody = !inBody
		}
		if !inBody && strings.HasSuffix(strings.TrimSpace(line), ";") {
			stmts = append(stmts, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		stmts = append(stmts, s)
	}
	return stmts
}

// Tx is a transaction with the dialect's placeholder style.
type Tx struct {
	ctx     context.Context
	tx      *sql.Tx
	dialect Dialect

	afterPeriodCheck func(*Tx) // see DB.afterPeriodCheck

	// moved lists the municipalities whose writes the transaction audited; their
	// generations move on just before the commit (moveGenerations). firstGen and lastGen
	// are then the generations it moved them to: the first and the last; 0 when none.
	moved             []string
	firstGen, lastGen int64
}

// inTx runs fn in a write transaction and commits it if fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) error {
	return db.runTx(ctx, db.write, false, fn)
}

// inReadTx runs fn in a read-only transaction, so that it sees one snapshot.
func (db *DB) inReadTx(ctx context.Context, fn func(*Tx) error) error {
	return db.runTx(ctx, db.read, true, fn)
}

func (db *DB) runTx(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) error {
	var opts *sql.TxOptions
	if readOnly && db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{ctx: ctx, tx: sqlTx, dialect: db.dialect, afterPeriodCheck: db.afterPeriodCheck}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.moveGenerations(); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// rebind turns '?' placeholders into PostgreSQL's $1, $2... Queries in this package never
// contain '?' inside string literals.
func (tx *Tx) rebind(q string) string {
	if tx.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// queryRow runs a single query outside a transaction, on the reading pool. The queries
// every request makes (the session, the generation) go through here: on SQLite they are
// prepared once, since parsing them took two thirds of their time (pgx keeps prepared
// statements per connection by itself).
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = (&Tx{dialect: db.dialect}).rebind(q)
	if st := db.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

// maxPrepared bounds the statements prepared by queryRow.
const maxPrepared = 64

// prepared returns q prepared on the reading pool of a SQLite database, or nil (on
// PostgreSQL, when too many are prepared, or when preparing fails). It must not be called
// while the caller holds a connection of the pool: preparing takes one.
func (db *DB) prepared(ctx context.Context, q string) *sql.Stmt {
	if db.dialect != SQLite {
		return nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st, ok := db.stmts[q]; ok {
		return st
	}
	if len(db.stmts) >= maxPrepared {
		return nil
	}
	st, err := db.read.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st
}

func (tx *Tx) exec(q string, args ...any) error {
	_, err := tx.tx.ExecContext(tx.ctx, tx.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("%w: %s", err, firstLine(q))
	}
	return nil
}

// changeOne runs a write that must change exactly the row the caller read: an UPDATE or
// DELETE guarded by "AND version = ?", or an INSERT ... ON CONFLICT DO NOTHING of a row
// that did not exist. When it changes nothing, someone else's transaction changed (or
// created) the row between the read and the write, and the save is refused as stale:
// under PostgreSQL's read committed isolation this is how a concurrent save shows.
func (tx *Tx) changeOne(q string, args ...any) error {
	res, err := tx.tx.ExecContext(tx.ctx, tx.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("%w: %s", err, firstLine(q))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return tertial.Errorf(tertial.ECONFLICT, "någon annan sparade samma sak samtidigt; läs in sidan igen och försök på nytt")
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (tx *Tx) get(q string, args []any, dest ...any) error {
	return tx.tx.QueryRowContext(tx.ctx, tx.rebind(q), args...).Scan(dest...)
}

// query runs q and calls scan for each row.
func (tx *Tx) query(q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.tx.QueryContext(tx.ctx, tx.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("%w: %s", err, firstLine(q))
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
