-- Companies of the kommunkoncern (units of kind company, docs/statements.md "Sammanställda
-- räkenskaper"): the ownership share in percent (decimal text, "60" or "50.5") and the
-- organisationsnummer. units.kind has a CHECK that SQLite cannot change without
-- rebuilding the table, which other tables refer to (see 0019). So a company is stored
-- with kind 'board' and a share: ownership_share IS NOT NULL marks the unit a company.
ALTER TABLE units ADD COLUMN ownership_share TEXT;
ALTER TABLE units ADD COLUMN org_number TEXT NOT NULL DEFAULT '';
