-- Plans and the reporting cycle: targets, registrations, unit costs, deadline
-- rules, submissions, approval locks and their exceptions. Each is a small
-- record whose body is JSON written by the application (ntm-core's plan
-- types); the store keeps them, versions them and audits every change.
CREATE TABLE plan_records (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    -- A period key or a year, for loading one period's records.
    period INTEGER,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX plan_records_by_period ON plan_records (kind, period);
