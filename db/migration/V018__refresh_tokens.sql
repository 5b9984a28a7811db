-- API refresh tokens. Stored hashed; each use rotates to a new token of the same family, and
-- presenting an already-used token revokes the whole family (a stolen token was replayed).

CREATE TABLE santkrupa.refresh_token (
  clinic_id      uuid        NOT NULL,
  id             uuid        NOT NULL,
  family_id      uuid        NOT NULL,
  user_id        uuid        NOT NULL,
  token_hash     bytea       NOT NULL,
  issued_at      timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  revoked_at     timestamptz,
  replaced_by_id uuid,
  CONSTRAINT refresh_token_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT refresh_token_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT refresh_token_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT refresh_token_replaced_by_fk FOREIGN KEY (clinic_id, replaced_by_id)
    REFERENCES santkrupa.refresh_token (clinic_id, id),
  CONSTRAINT refresh_token_token_hash_uk UNIQUE (clinic_id, token_hash),
  CONSTRAINT refresh_token_token_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX refresh_token_family_idx ON santkrupa.refresh_token (clinic_id, family_id);
CREATE INDEX refresh_token_user_idx ON santkrupa.refresh_token (clinic_id, user_id);
CREATE INDEX refresh_token_replaced_by_idx ON santkrupa.refresh_token (clinic_id, replaced_by_id);

ALTER TABLE santkrupa.refresh_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.refresh_token FORCE ROW LEVEL SECURITY;

CREATE POLICY refresh_token_app ON santkrupa.refresh_token
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY refresh_token_reporting ON santkrupa.refresh_token
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.refresh_token TO santkrupa_app;
-- reporting sees the token families, never the token hashes
GRANT SELECT (clinic_id, id, family_id, user_id, issued_at, expires_at, used_at, revoked_at, replaced_by_id)
  ON santkrupa.refresh_token TO santkrupa_reporting;
