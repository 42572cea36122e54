-- The municipality's logo, shown on the report's cover: a PNG or JPEG image (never SVG,
-- which can carry scripts) of at most 1 MB, as Dataset.Validate checks it. At most one per
-- municipality; none until one is uploaded. SQLite stores it as a BLOB.

CREATE TABLE municipality_logos (
  muni TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (code),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  data BYTEA NOT NULL
);
