-- The municipality's colour for the report's cover: "#RRGGBB" with a contrast ratio of at
-- least 4.5:1 against white, as Dataset.Validate checks it; '' for none.

ALTER TABLE municipalities ADD COLUMN colour TEXT NOT NULL DEFAULT '';
