package store_test

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// column is a column as the parity test compares it: its table, name, type class, whether
// it refuses NULL and whether it is part of the primary key.
type column struct {
	Table, Name, Class string
	NotNull, Key       bool
}

func (c column) String() string {
	s := fmt.Sprintf("%s.%s %s", c.Table, c.Name, c.Class)
	if c.NotNull {
		s += " not null"
	}
	if c.Key {
		s += " key"
	}
	return s
}

// typeClass maps a declared column type to the class both dialects must agree on: the
// store's SQL reads and writes an int64 the same way from INTEGER and BIGINT, and a string
// from TEXT and VARCHAR.
func typeClass(declared string) string {
	t := strings.ToLower(strings.TrimSpace(declared))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "integer", "int", "bigint", "smallint", "int2", "int4", "int8", "bigserial", "serial":
		return "int"
	case "text", "varchar", "character varying", "char", "character":
		return "text"
	case "blob", "bytea":
		return "bytes"
	case "real", "double precision", "float", "double":
		return "float"
	case "boolean", "bool":
		return "bool"
	case "numeric", "decimal":
		return "numeric"
	case "timestamp", "timestamp with time zone", "timestamp without time zone", "timestamptz", "datetime":
		return "time"
	}
	return "other:" + t
}

// sqliteSchema lists the columns of a migrated SQLite database.
func sqliteSchema(t *testing.T, conn *sql.DB) map[string]column {
	t.Helper()
	tables := queryStrings(t, conn, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	out := map[string]column{}
	for _, table := range tables {
		rows, err := conn.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ string
			var notNull, pk int
			if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			// PostgreSQL makes every primary key column NOT NULL; SQLite only says so when
			// the column is declared NOT NULL (a legacy quirk), though the store never
			// writes a NULL key. Both are compared as not null so that only real
			// differences show.
			out[table+"."+name] = column{Table: table, Name: name, Class: typeClass(typ), NotNull: notNull == 1 || pk > 0, Key: pk > 0}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// postgresSchema lists the columns of a migrated PostgreSQL schema (the connection's
// current schema).
func postgresSchema(t *testing.T, conn *sql.DB) map[string]column {
	t.Helper()
	keys := map[string]bool{}
	for _, k := range queryStrings(t, conn, `SELECT k.table_name || '.' || k.column_name
		FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
		WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()`) {
		keys[k] = true
	}
	rows, err := conn.Query(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]column{}
	for rows.Next() {
		var table, name, typ, nullable string
		if err := rows.Scan(&table, &name, &typ, &nullable); err != nil {
			t.Fatal(err)
		}
		out[table+"."+name] = column{Table: table, Name: name, Class: typeClass(typ), NotNull: nullable == "NO", Key: keys[table+"."+name]}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryStrings(t *testing.T, conn *sql.DB, q string) []string {
	t.Helper()
	rows, err := conn.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// migratedSchema opens a fresh database of the dialect, which applies every migration,
// and lists its columns.
func migratedSchema(t *testing.T, d store.Dialect) map[string]column {
	t.Helper()
	u := storetest.URL(t, d)
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	db.Close()
	if d == store.SQLite {
		return sqliteSchema(t, storetest.Raw(t, u))
	}
	return postgresSchema(t, storetest.Raw(t, u))
}

// schemaDifferences are the known differences between the two dialects' schemas, each with
// why it is left as it is. A key is "table.column".
var schemaDifferences = map[string]string{}

// TestSchemaParity: a freshly migrated SQLite database and a freshly migrated PostgreSQL
// schema have the same tables, and each table the same columns of the same type class,
// nullability and primary key, but for the differences listed in schemaDifferences. It
// needs TERTIAL_TEST_POSTGRES and skips without it.
func TestSchemaParity(t *testing.T) {
	lite := migratedSchema(t, store.SQLite)
	if len(lite) == 0 {
		t.Fatal("the migrated SQLite database has no columns")
	}
	pg := migratedSchema(t, store.Postgres) // skips without TERTIAL_TEST_POSTGRES
	names := map[string]bool{}
	for k := range lite {
		names[k] = true
	}
	for k := range pg {
		names[k] = true
	}
	var keys []string
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, inLite := lite[k]
		p, inPG := pg[k]
		var diff string
		switch {
		case !inPG:
			diff = fmt.Sprintf("only in sqlite: %s", s)
		case !inLite:
			diff = fmt.Sprintf("only in postgres: %s", p)
		case s != p:
			diff = fmt.Sprintf("sqlite %s, postgres %s", s, p)
		}
		_, allowed := schemaDifferences[k]
		switch {
		case diff != "" && !allowed:
			t.Errorf("%s differs: %s", k, diff)
		case diff == "" && allowed:
			t.Errorf("%s is listed in schemaDifferences but no longer differs; remove it", k)
		}
	}
}
