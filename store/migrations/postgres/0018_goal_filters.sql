-- A goals section's filters: the goal levels, goal areas and sustainability dimensions it
-- shows, each a comma-separated list of IDs ('' for all).
ALTER TABLE template_sections ADD COLUMN levels TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN areas TEXT NOT NULL DEFAULT '';
ALTER TABLE template_sections ADD COLUMN dimensions TEXT NOT NULL DEFAULT '';
