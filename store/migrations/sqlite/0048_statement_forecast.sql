-- The forecasts for the whole year a municipality makes at a month's end for the rows of
-- its resultaträkning (docs/statements.md): through is the cut-off as YYYYMM (month
-- 1–11), amount öre in the statement's sign. A delårsrapport shows them beside the budget.

CREATE TABLE statement_forecast (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  through INTEGER NOT NULL CHECK (through % 100 BETWEEN 1 AND 11),
  row_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (muni, through, row_id)
);
