-- A scale level may name a colour of the fixed palette (green, yellow, orange, red, grey,
-- blue) that reports and the site show with its name; '' is none. The same statement runs
-- on both databases.
ALTER TABLE scale_levels ADD COLUMN colour TEXT NOT NULL DEFAULT '';
