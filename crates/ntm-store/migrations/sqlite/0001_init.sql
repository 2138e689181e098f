-- ntm schema, SQLite. Dates are ISO text (YYYY-MM-DD); quantities are integers
-- scaled by 10^4 (see ntm_core::quantity); periods are integers year*100+kind.

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    type_name TEXT NOT NULL,
    name TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    region TEXT,
    lat REAL,
    lon REAL
);
CREATE INDEX units_code ON units(code);

CREATE TABLE unit_links (
    child_id INTEGER NOT NULL REFERENCES units(id),
    parent_id INTEGER NOT NULL REFERENCES units(id),
    valid_from TEXT,
    valid_to TEXT
);
CREATE INDEX unit_links_child ON unit_links(child_id);

CREATE TABLE unit_classifications (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    flag TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
CREATE INDEX unit_classifications_unit ON unit_classifications(unit_id);

CREATE TABLE unit_successions (
    predecessor_id INTEGER NOT NULL REFERENCES units(id),
    successor_id INTEGER NOT NULL REFERENCES units(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id)
);

CREATE TABLE indicator_keys (
    id INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    code TEXT NOT NULL,
    UNIQUE (namespace, code)
);

CREATE TABLE criterion_keys (
    id INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    code TEXT NOT NULL,
    UNIQUE (namespace, code)
);

-- value_kind: 0 yes/no (a = 0|1), 1 ratio (a achieved, b total), 2 percent (a),
-- 3 number (a), 4 level (a), 5 not applicable.
CREATE TABLE indicator_values (
    period INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    indicator_id INTEGER NOT NULL REFERENCES indicator_keys(id),
    value_kind INTEGER NOT NULL,
    a INTEGER,
    b INTEGER,
    note TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, indicator_id)
) WITHOUT ROWID;

CREATE TABLE assessments (
    period INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    criterion_id INTEGER NOT NULL REFERENCES criterion_keys(id),
    met INTEGER NOT NULL,
    assessed_by TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    assessed_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, criterion_id)
) WITHOUT ROWID;

CREATE TABLE recognitions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    tier TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    judged_under TEXT,
    revoked_on TEXT,
    note TEXT,
    UNIQUE (unit_id, tier, decision)
);

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    valid_from TEXT,
    valid_to TEXT
);

CREATE TABLE ownerships (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    namespace TEXT NOT NULL,
    criterion TEXT NOT NULL,
    -- '' when the agency owns the whole criterion.
    indicator TEXT NOT NULL DEFAULT '',
    scope_unit_id INTEGER NOT NULL REFERENCES units(id),
    valid_from TEXT,
    valid_to TEXT,
    decision TEXT,
    UNIQUE (agency_id, namespace, criterion, indicator, scope_unit_id)
);

CREATE TABLE reported_figures (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period INTEGER NOT NULL,
    source TEXT NOT NULL,
    claim TEXT NOT NULL,
    UNIQUE (unit_id, period, source, claim)
);
CREATE INDEX reported_figures_period ON reported_figures(period);

-- One row per (period, unit) touched by a write, so every process can tell
-- what changed since it last looked (see ARCHITECTURE.md, freshness).
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    period INTEGER NOT NULL,
    unit_id INTEGER NOT NULL
);
