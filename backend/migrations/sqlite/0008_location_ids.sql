-- Every company location gets a location ID from the platform (7 digits, like partner IDs and
-- never equal to one), assigned once and never changed. Existing locations get theirs at start.
ALTER TABLE locations ADD COLUMN location_id TEXT;
CREATE UNIQUE INDEX locations_location_id ON locations(location_id);
