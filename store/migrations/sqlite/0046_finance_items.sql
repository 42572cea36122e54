-- The finance function's items of the avstämning of the boards' net costs with the
-- resultaträkning (docs/economy.md), per year, in result sign (öre, a cost negative); pos
-- keeps the dataset file's order. The same statements run on PostgreSQL.

CREATE TABLE finance_items (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  pos INTEGER NOT NULL,
  year INTEGER NOT NULL,
  label TEXT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (muni, pos)
);
