-- Idempotency-Key of API creates: the first answer to (user, key) is kept for 24 hours and given
-- again to a retry of the same request, so a client that lost the answer to "create" (a timeout,
-- a dropped mobile connection) can safely send it again. A row is claimed before the create runs
-- (response_status NULL = in progress), so two concurrent retries cannot both create.
-- The stored answers hold patient data: the reporting role sees only who sent what, and when.

CREATE TABLE santkrupa.api_idempotency_key (
  clinic_id         uuid        NOT NULL,
  id                uuid        NOT NULL,
  user_id           uuid        NOT NULL,
  idempotency_key   text        NOT NULL,
  request_method    text        NOT NULL,
  request_path      text        NOT NULL,
  request_sha256    bytea       NOT NULL,
  response_status   integer,
  response_body     text,
  response_location text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz,
  CONSTRAINT api_idempotency_key_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT api_idempotency_key_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT api_idempotency_key_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id) ON DELETE CASCADE,
  -- keys are the client's: scoped to the user who sent them, never shared across users
  CONSTRAINT api_idempotency_key_uk UNIQUE (clinic_id, user_id, idempotency_key),
  CONSTRAINT api_idempotency_key_key_valid
    CHECK (length(idempotency_key) BETWEEN 1 AND 255 AND idempotency_key !~ '[[:cntrl:]]'),
  CONSTRAINT api_idempotency_key_sha256_length CHECK (octet_length(request_sha256) = 32),
  CONSTRAINT api_idempotency_key_completed
    CHECK ((response_status IS NULL) = (completed_at IS NULL))
);

-- expiry sweeps: the clinic's rows older than 24 hours
CREATE INDEX api_idempotency_key_created_idx ON santkrupa.api_idempotency_key (clinic_id, created_at);

ALTER TABLE santkrupa.api_idempotency_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.api_idempotency_key FORCE ROW LEVEL SECURITY;

CREATE POLICY api_idempotency_key_app ON santkrupa.api_idempotency_key
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY api_idempotency_key_reporting ON santkrupa.api_idempotency_key
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.api_idempotency_key TO santkrupa_app;
-- never the keys, the request hashes or the stored answers (patient data)
GRANT SELECT (clinic_id, id, user_id, request_method, request_path, response_status, created_at, completed_at)
  ON santkrupa.api_idempotency_key TO santkrupa_reporting;
