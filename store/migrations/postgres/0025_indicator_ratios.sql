-- The numerator and denominator of an indicator's value that is a ratio (årets resultat
-- and skatteintäkter och generella statsbidrag), as decimal text like value; NULL when the
-- value gives none. A value computed from them is stored as NULL in value. Existing values
-- have neither. The same statements run on both databases.
ALTER TABLE indicator_values ADD COLUMN numerator TEXT;
ALTER TABLE indicator_values ADD COLUMN denominator TEXT;
