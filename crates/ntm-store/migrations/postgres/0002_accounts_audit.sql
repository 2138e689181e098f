-- Accounts, sessions, API tokens, the audit trail, evidence files, and value
-- versions (so that a later save over a newer value is refused).

ALTER TABLE indicator_values ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    agency_id BIGINT REFERENCES agencies(id),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Append-only: a trigger refuses updates and deletes.
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    user_id BIGINT,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    unit_id BIGINT,
    period INTEGER,
    subject TEXT,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_unit ON audit(unit_id, period);
CREATE INDEX audit_entity ON audit(entity, subject);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows cannot be changed or deleted';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TABLE evidence_files (
    id BIGSERIAL PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    period INTEGER NOT NULL,
    subject TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_unit ON evidence_files(unit_id, period);

CREATE TABLE criteria_set_versions (
    code TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
