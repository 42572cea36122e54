-- A municipality's generation grows with every change of its data, in the changing
-- transaction, so that every server process can tell whether its cached copy is current.
ALTER TABLE municipalities ADD COLUMN generation BIGINT NOT NULL DEFAULT 1;
