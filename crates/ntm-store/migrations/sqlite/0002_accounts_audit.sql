-- Accounts, sessions, API tokens, the audit trail, evidence files, and value
-- versions (so that a later save over a newer value is refused).

ALTER TABLE indicator_values ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    agency_id INTEGER REFERENCES agencies(id),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Append-only: triggers refuse updates and deletes.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    user_id INTEGER,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    unit_id INTEGER,
    period INTEGER,
    subject TEXT,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_unit ON audit(unit_id, period);
CREATE INDEX audit_entity ON audit(entity, subject);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

CREATE TABLE evidence_files (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period INTEGER NOT NULL,
    subject TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_unit ON evidence_files(unit_id, period);

-- The last loaded text (hash) of each criteria set, to audit changes to sets.
CREATE TABLE criteria_set_versions (
    code TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
