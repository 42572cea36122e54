-- The sammanställda räkenskaper's eliminations (docs/statements.md): per year, the
-- company (a unit, of kind company), the counterpart ('' for the municipality, else a
-- company), a text, and the debit and credit sides, each a statement row ID and an amount
-- in öre. pos keeps the dataset file's order. The same statements run on PostgreSQL.
CREATE TABLE eliminations (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  pos INTEGER NOT NULL,
  year INTEGER NOT NULL,
  company_id TEXT NOT NULL,
  counterpart_id TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  debit_row TEXT NOT NULL,
  debit_amount BIGINT NOT NULL CHECK (debit_amount > 0),
  credit_row TEXT NOT NULL,
  credit_amount BIGINT NOT NULL CHECK (credit_amount > 0),
  PRIMARY KEY (muni, pos)
);
