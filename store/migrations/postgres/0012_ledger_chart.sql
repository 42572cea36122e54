-- The chart of accounts an SIE file declares (#KPTYP, e.g. KBAS2021 or EUBAS97), so that
-- `tertial check` can warn when a unit's ledger is not in Kommun-Bas, whose rules the
-- default account mapping follows. Empty when the file does not say.
ALTER TABLE ledger_imports ADD COLUMN chart TEXT NOT NULL DEFAULT '';
