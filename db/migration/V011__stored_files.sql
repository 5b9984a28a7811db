-- Uploaded files (lab report PDFs, scans, photos), stored in PostgreSQL so that the same RLS
-- and the same tests that protect every record protect the files too. The database itself
-- enforces the size limit, the content-type allow-list and the checksum.

CREATE TABLE santkrupa.stored_file (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  file_name     text        NOT NULL,
  content_type  text        NOT NULL,
  size_bytes    integer     NOT NULL,
  sha256        bytea       NOT NULL,
  content       bytea       NOT NULL,
  uploaded_by   uuid,
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stored_file_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT stored_file_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT stored_file_uploaded_by_fk FOREIGN KEY (clinic_id, uploaded_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT stored_file_name_valid
    CHECK (length(btrim(file_name)) BETWEEN 1 AND 255 AND file_name !~ '[/\\[:cntrl:]]'),
  CONSTRAINT stored_file_content_type_allowed
    CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
  -- 10 MiB: a scanned multi-page report fits, a video does not
  CONSTRAINT stored_file_size_limit CHECK (size_bytes BETWEEN 1 AND 10485760),
  CONSTRAINT stored_file_size_matches CHECK (octet_length(content) = size_bytes),
  CONSTRAINT stored_file_sha256_matches CHECK (sha256 = pg_catalog.sha256(content))
);

CREATE INDEX stored_file_uploaded_by_idx ON santkrupa.stored_file (clinic_id, uploaded_by);

-- the bytes are fetched only for a download: keep them out of line
ALTER TABLE santkrupa.stored_file ALTER COLUMN content SET STORAGE EXTERNAL;

ALTER TABLE santkrupa.stored_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.stored_file FORCE ROW LEVEL SECURITY;

CREATE POLICY stored_file_app ON santkrupa.stored_file
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY stored_file_reporting ON santkrupa.stored_file
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, DELETE ON santkrupa.stored_file TO santkrupa_app;
-- reporting sees what was uploaded, when and how big, never the documents themselves
GRANT SELECT (clinic_id, id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
  ON santkrupa.stored_file TO santkrupa_reporting;
