-- Every account belongs to a municipality, except a system administrator: an admin with
-- none (issue 12, F4). Before this, an account without a municipality could act in every
-- one. Accounts are mended where the answer is certain and turned off (and signed out)
-- where it is not; each change is in the audit log, made by "migrering". The same
-- statements, but for the clock and the guard at the end, run on SQLite.

UPDATE users SET muni = NULL WHERE muni = '';
UPDATE users SET unit_id = NULL WHERE unit_id = '';

-- An account with a unit that exactly one municipality has gets that municipality.
INSERT INTO audit_log (at, actor, muni, entity, item_key, field, old_value, new_value)
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'migrering', (SELECT MIN(u.muni) FROM units u WHERE u.id = users.unit_id), 'user', name, 'municipality', '', (SELECT MIN(u.muni) FROM units u WHERE u.id = users.unit_id)
FROM users WHERE muni IS NULL AND role <> 'admin' AND unit_id IS NOT NULL AND (SELECT COUNT(*) FROM units u WHERE u.id = users.unit_id) = 1;
UPDATE users SET muni = (SELECT MIN(u.muni) FROM units u WHERE u.id = users.unit_id)
WHERE muni IS NULL AND role <> 'admin' AND unit_id IS NOT NULL AND (SELECT COUNT(*) FROM units u WHERE u.id = users.unit_id) = 1;

-- An account without a unit, in a database that holds one municipality, gets that one
-- (as tertial user add does).
INSERT INTO audit_log (at, actor, muni, entity, item_key, field, old_value, new_value)
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'migrering', (SELECT MIN(code) FROM municipalities), 'user', name, 'municipality', '', (SELECT MIN(code) FROM municipalities)
FROM users WHERE muni IS NULL AND role <> 'admin' AND unit_id IS NULL AND (SELECT COUNT(*) FROM municipalities) = 1;
UPDATE users SET muni = (SELECT MIN(code) FROM municipalities)
WHERE muni IS NULL AND role <> 'admin' AND unit_id IS NULL AND (SELECT COUNT(*) FROM municipalities) = 1;

-- Any other account but an admin without a municipality is turned off and signed out; an
-- administrator gives it a municipality (tertial user set-role) and turns it on again.
INSERT INTO audit_log (at, actor, muni, entity, item_key, field, old_value, new_value)
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'migrering', '', 'user', name, 'disabled', 'false', 'true'
FROM users WHERE muni IS NULL AND role <> 'admin' AND disabled = 0;
DELETE FROM sessions WHERE user_name IN (SELECT name FROM users WHERE muni IS NULL AND role <> 'admin');
UPDATE users SET disabled = 1 WHERE muni IS NULL AND role <> 'admin' AND disabled = 0;

-- A unit means nothing to a system administrator, and a unit without its municipality
-- names no unit at all.
INSERT INTO audit_log (at, actor, muni, entity, item_key, field, old_value, new_value)
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'migrering', '', 'user', name, 'unit', unit_id, ''
FROM users WHERE role = 'admin' AND muni IS NULL AND unit_id IS NOT NULL;
UPDATE users SET unit_id = NULL WHERE role = 'admin' AND muni IS NULL AND unit_id IS NOT NULL;

-- From now on the database itself refuses an account that is on, not an admin, and has no
-- municipality, whatever writes it.
ALTER TABLE users ADD CONSTRAINT users_municipality CHECK (role = 'admin' OR COALESCE(muni, '') <> '' OR disabled <> 0);
