-- The municipality's own annual-report figures (docs/economy.md), per year of the
-- municipality: the key figures the statements do not hold (each NULL when not entered,
-- which the five-year overview shows as missing), the balanskravsutredning's entered
-- adjustments, the movements of the resultatutjämningsreserv, and the deficits of years
-- before the statements Tertial holds. Amounts are öre; tax_rate is decimal text ("21.35").
-- pos keeps the dataset file's order. The same statements run on PostgreSQL.

CREATE TABLE economy_key_figures (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  year INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  inhabitants BIGINT,
  tax_rate TEXT,
  employees BIGINT,
  pension_commitments BIGINT,
  loan_debt BIGINT,
  PRIMARY KEY (muni, year)
);

CREATE TABLE balance_adjustments (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  pos INTEGER NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('realisation_gains', 'realisation_gains_exception', 'realisation_losses_exception',
    'unrealised_losses', 'unrealised_losses_reversal', 'special_reasons')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  reason TEXT NOT NULL,
  PRIMARY KEY (muni, pos)
);

CREATE TABLE reserve_movements (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  pos INTEGER NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reservation', 'use')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, pos)
);

CREATE TABLE earlier_deficits (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  year INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  restored BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, year)
);
