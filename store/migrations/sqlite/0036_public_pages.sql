-- A municipality's public pages: whether its published reports and their open data are
-- shown without signing in, and the licence statement its open data carries. One row per
-- municipality that changed them; none means the defaults (public pages on, CC0 1.0).
-- Not part of the dataset (like accounts), so a dataset import keeps it; keyed by the
-- municipality's code without a foreign key for the same reason: an import deletes and
-- inserts the municipality's row.
CREATE TABLE public_settings (
  muni TEXT NOT NULL PRIMARY KEY,
  public_pages INTEGER NOT NULL DEFAULT 1 CHECK (public_pages IN (0, 1)),
  licence TEXT NOT NULL,
  licence_url TEXT NOT NULL
);
