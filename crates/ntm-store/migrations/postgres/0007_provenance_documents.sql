-- Where each value and assessment came from (ntm_core::provenance::Provenance):
-- 0 entered on a page or through the API, 1 imported file, 2 document (the note
-- names it and its place), 3 derived, 4 estimated or filled in. Rows stored
-- before this version did not record it and read as entered.
ALTER TABLE indicator_values ADD COLUMN provenance SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN provenance SMALLINT NOT NULL DEFAULT 0;

-- A reported figure names its document and the place in it; older rows keep
-- their whole source as the document.
ALTER TABLE reported_figures ADD COLUMN document TEXT NOT NULL DEFAULT '';
ALTER TABLE reported_figures ADD COLUMN place TEXT NOT NULL DEFAULT '';
UPDATE reported_figures SET document = source WHERE document = '';
