-- The years a goals section's indicator tables show: how many up to the period's year
-- (0: the default three), and whether each target's base year is added (0 or 1).
ALTER TABLE template_sections ADD COLUMN years INTEGER NOT NULL DEFAULT 0;
ALTER TABLE template_sections ADD COLUMN base_years INTEGER NOT NULL DEFAULT 0;
