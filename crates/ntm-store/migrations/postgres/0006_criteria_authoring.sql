-- Criteria sets authored in ntm: every version of a set (drafts and published
-- ones) as one JSON document (ntm_core::criteria::draft::SetDraft). A
-- published version is never changed except for confirmations; `revision`
-- rises with every write so that a save over someone else's is refused.
CREATE TABLE criteria_versions (
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
);

-- The decision that gives a unit a classification (a commune group of
-- Decision 51/2025, zone II/III, special difficulty).
ALTER TABLE unit_classifications ADD COLUMN source TEXT;
