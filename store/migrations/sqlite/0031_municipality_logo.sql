-- The municipality's logo, shown on the report's cover: a PNG or JPEG image (never SVG,
-- which can carry scripts) of at most 1 MB, as Dataset.Validate checks it. At most one per
-- municipality; none until one is uploaded. PostgreSQL stores it as a BYTEA.

CREATE TABLE municipality_logos (
  muni TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (code),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  data BLOB NOT NULL
);
