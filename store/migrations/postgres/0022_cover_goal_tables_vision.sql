-- Report templates for other municipalities' reports (Simrishamn's annual report):
-- a period's status word and cover text; a goal's tags; a template section's cover
-- fields, goals layout and owner and tag filters (comma-separated IDs, '' for none); the
-- municipality's vision ('' text: none). The same statements run on both databases.
ALTER TABLE periods ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE periods ADD COLUMN cover_text TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN owners TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN layout TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN fields TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN vision_title TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN vision_text TEXT NOT NULL DEFAULT '';
