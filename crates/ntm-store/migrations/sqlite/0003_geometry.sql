-- Unit boundaries for the maps: a unit's area as a GeoJSON geometry (Polygon
-- or MultiPolygon, WGS84 longitude/latitude), valid for a time (both ends
-- inclusive, open when NULL: as long as the unit exists). The application
-- checks every geometry before writing it; the store keeps the text, its
-- SHA-256 (an identical import changes nothing), its box (to find boundaries
-- on a map) and where it came from. Every change is audited (entity "geometry").
CREATE TABLE unit_geometries (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    valid_from TEXT,
    valid_to TEXT,
    geojson TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    min_lon REAL NOT NULL,
    min_lat REAL NOT NULL,
    max_lon REAL NOT NULL,
    max_lat REAL NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX unit_geometries_unit ON unit_geometries (unit_id);
