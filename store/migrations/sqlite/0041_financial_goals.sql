-- The council's financial goals (docs/economy.md): what each measures (kind), whether the
-- outcome must be at least or at most the target (decimal text: percent, or kronor for
-- låneskuld per invånare), over the years year_from–year_to pooled. The same statements
-- run on PostgreSQL.

CREATE TABLE financial_goals (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('result_share', 'net_cost_share', 'equity_ratio', 'equity_ratio_pensions',
    'tax_financing', 'self_financing', 'net_investment_share', 'debt_per_inhabitant')),
  comparison TEXT NOT NULL CHECK (comparison IN ('at_least', 'at_most')),
  target TEXT NOT NULL,
  year_from INTEGER NOT NULL,
  year_to INTEGER NOT NULL,
  PRIMARY KEY (muni, id)
);
