-- Overrides of the workflow's gates: a controller took a step (a section marked ready or
-- approved, a period locked) over blocking findings of `tertial check`, with a reason.
-- section_key is '' for the whole period (the lock); findings holds the blocking
-- findings' sentences at that time, one a line. Like the audit log, never changed.

CREATE TABLE gate_overrides (
  id BIGSERIAL PRIMARY KEY,
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  section_key TEXT NOT NULL DEFAULT '',
  step TEXT NOT NULL CHECK (step IN ('ready', 'approve', 'lock')),
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  findings TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX gate_overrides_period ON gate_overrides (muni, unit_id, period_id);

CREATE FUNCTION gate_overrides_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'an override cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER gate_overrides_no_update BEFORE UPDATE ON gate_overrides
  FOR EACH ROW EXECUTE FUNCTION gate_overrides_immutable();
