package duckdbbench

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// DB is an in-memory DuckDB database holding Rows in the table trans: account VARCHAR,
// one column obj_<dimension> VARCHAR per object column (NULL when the row has no object
// in the dimension), month INTEGER (YYYYMM) and amount BIGINT (öre). All statements run
// on one connection.
type DB struct {
	db   *sql.DB
	conn *sql.Conn
	dims []int
}

// Open opens an empty in-memory database.
func Open() (*DB, error) {
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(c)
	conn, err := db.Conn(context.Background())
	if err != nil {
		db.Close()
		return nil, err
	}
	return &DB{db: db, conn: conn}, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.conn.Close()
	return d.db.Close()
}

// SetThreads sets how many threads DuckDB runs a query on.
func (d *DB) SetThreads(n int) error {
	_, err := d.conn.ExecContext(context.Background(), fmt.Sprintf("SET threads = %d", n))
	return err
}

func objCol(dim int) string { return fmt.Sprintf("obj_%d", dim) }

// Load (re)creates the table trans and appends the rows with DuckDB's Appender.
func (d *DB) Load(r *Rows) error {
	ctx := context.Background()
	cols := []string{"account VARCHAR NOT NULL"}
	for _, dim := range r.Dims {
		cols = append(cols, objCol(dim)+" VARCHAR")
	}
	cols = append(cols, "month INTEGER NOT NULL", "amount BIGINT NOT NULL")
	if _, err := d.conn.ExecContext(ctx, "CREATE OR REPLACE TABLE trans ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	d.dims = slices.Clone(r.Dims)
	return d.conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "trans")
		if err != nil {
			return err
		}
		vals := make([]driver.Value, len(cols))
		last := len(cols) - 1
		for i, acc := range r.Acc {
			vals[0] = r.Accounts[acc]
			for c, col := range r.Obj {
				if o := col[i]; o != 0 {
					vals[1+c] = r.Objects[o].Number
				} else {
					vals[1+c] = nil
				}
			}
			vals[last-1], vals[last] = r.Month[i], r.Amount[i]
			if err := app.AppendRow(vals...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
}

// The two ways to write the aggregation in SQL.
const (
	UnionAll     = "union-all"     // one SELECT per dimension (and one for the totals), UNION ALL, GROUP BY
	GroupingSets = "grouping-sets" // one scan, GROUP BY GROUPING SETS
)

// AggregateSQL is the aggregation of AggregateBlocks as a query yielding account, dim,
// object, month and the sum in öre: result accounts (the number from '3' up) per
// account × month with dim 0 and an empty object, and per account × object × month for
// every dimension.
func (d *DB) AggregateSQL(form string) string {
	var b strings.Builder
	switch form {
	case UnionAll:
		b.WriteString("SELECT account, dim, object, month, CAST(sum(amount) AS BIGINT) FROM (\n")
		b.WriteString("  SELECT account, 0 AS dim, '' AS object, month, amount FROM trans")
		for _, dim := range d.dims {
			fmt.Fprintf(&b, "\n  UNION ALL SELECT account, %d, %s, month, amount FROM trans WHERE %[2]s IS NOT NULL", dim, objCol(dim))
		}
		b.WriteString("\n) WHERE account >= '3'\nGROUP BY account, dim, object, month")
	case GroupingSets:
		objs := make([]string, len(d.dims))
		for i, dim := range d.dims {
			objs[i] = objCol(dim)
		}
		all := strings.Join(objs, ", ")
		// GROUPING(all) has a bit per object column, the first the highest, set when the
		// column is not grouped: all bits for the totals, all but one for a dimension.
		full := 1<<len(objs) - 1
		fmt.Fprintf(&b, "SELECT account,\n  CASE GROUPING(%s) WHEN %d THEN 0", all, full)
		for i, dim := range d.dims {
			fmt.Fprintf(&b, " WHEN %d THEN %d", full&^(1<<(len(objs)-1-i)), dim)
		}
		fmt.Fprintf(&b, " END,\n  coalesce(%s, ''), month, CAST(sum(amount) AS BIGINT)\nFROM trans WHERE account >= '3'\nGROUP BY GROUPING SETS ((account, month)", all)
		for _, o := range objs {
			fmt.Fprintf(&b, ", (account, %s, month)", o)
		}
		// A dimension's set also groups the rows without an object in it (under NULL).
		fmt.Fprintf(&b, ")\nHAVING GROUPING(%s) = %d OR coalesce(%[1]s) IS NOT NULL", all, full)
	default:
		panic("unknown form " + form)
	}
	return b.String()
}

// Aggregate runs the aggregation and fetches every cell.
func (d *DB) Aggregate(form string) ([]Cell, error) {
	rows, err := d.conn.QueryContext(context.Background(), d.AggregateSQL(form))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cell
	for rows.Next() {
		var c Cell
		if err := rows.Scan(&c.Account, &c.Dim, &c.Object, &c.Month, &c.Amount); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AggregateCount runs the aggregation inside count(*) and sum(), so that DuckDB computes
// every cell but only one row comes back: the query without the fetching.
func (d *DB) AggregateCount(form string) (cells int, total int64, err error) {
	err = d.conn.QueryRowContext(context.Background(),
		"SELECT count(*), CAST(coalesce(sum(s), 0) AS BIGINT) FROM (\n"+d.AggregateSQL(form)+
			"\n) AS q(account, dim, object, month, s)").Scan(&cells, &total)
	return cells, total, err
}

// The two ways to write the statement in SQL.
const (
	CasePerRow = "case-per-row" // the CASE on every row, GROUP BY its result
	PerAccount = "per-account"  // sum per account first, then the CASE on the sums
)

// kommunBasCase is tertial.KommunBasRules as a CASE on the account's prefix: the first
// matching rule wins; accounts of no rule (classes 1–2, 8–9) give NULL.
const kommunBasCase = `CASE
    WHEN account LIKE '3%' THEN 'intakter'
    WHEN account LIKE '5%' THEN 'personal'
    WHEN account LIKE '60%' OR account LIKE '61%' THEN 'lokaler'
    WHEN account LIKE '45%' THEN 'bidrag'
    WHEN account LIKE '46%' THEN 'kop-av-verksamhet'
    WHEN account >= '4' AND account < '8' THEN 'ovrigt'
  END`

// StatementSQL is the operating statement over the raw rows: months $1..$2 summed per
// Kommun-Bas row in result sign (income positive, costs negative), for all rows or, when
// object is true, the rows booked on the object $3 of dimension dim.
func (d *DB) StatementSQL(form string, dim int, object bool) string {
	where := "month BETWEEN $1 AND $2"
	if object {
		where += " AND " + objCol(dim) + " = $3"
	}
	switch form {
	case CasePerRow:
		return "SELECT " + kommunBasCase + " AS row, -CAST(sum(amount) AS BIGINT)\nFROM trans\nWHERE " + where +
			"\nGROUP BY row HAVING row IS NOT NULL"
	case PerAccount:
		return "SELECT " + kommunBasCase + " AS row, -CAST(sum(s) AS BIGINT)\nFROM (SELECT account, sum(amount) AS s FROM trans WHERE " + where +
			" GROUP BY account)\nGROUP BY row HAVING row IS NOT NULL"
	}
	panic("unknown form " + form)
}

// Statement runs StatementSQL and returns öre per row.
func (d *DB) Statement(form string, from, to, dim int, object string) (map[string]int64, error) {
	args := []any{from, to}
	if object != "" {
		if !slices.Contains(d.dims, dim) {
			return nil, fmt.Errorf("tabellen har ingen kolumn för dimension %d", dim)
		}
		args = append(args, object)
	}
	rows, err := d.conn.QueryContext(context.Background(), d.StatementSQL(form, dim, object != ""), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var row string
		var v int64
		if err := rows.Scan(&row, &v); err != nil {
			return nil, err
		}
		out[row] = v
	}
	return out, rows.Err()
}
