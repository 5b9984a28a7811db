-- One-time links with which a person sets their own password: the first administrator of a
-- new clinic gets one from the platform instead of a password chosen for them. The link
-- carries 256 random bits; only their SHA-256 is stored. A link is time-limited and single
-- use; a new one for the same person revokes the older ones.
--
-- A link the platform issued (issued_by = 'platform') sets a password only while the person
-- has never had one: the application's update is conditional on it, so a platform link is
-- useless against an account that is already in use.

CREATE TABLE santkrupa.account_invitation (
  clinic_id  uuid        NOT NULL,
  id         uuid        NOT NULL,
  user_id    uuid        NOT NULL,
  token_hash bytea       NOT NULL,
  issued_by  text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  revoked_at timestamptz,
  CONSTRAINT account_invitation_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT account_invitation_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT account_invitation_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT account_invitation_token_hash_uk UNIQUE (clinic_id, token_hash),
  CONSTRAINT account_invitation_token_hash_length CHECK (octet_length(token_hash) = 32),
  CONSTRAINT account_invitation_issued_by_valid CHECK (issued_by IN ('platform', 'clinic')),
  CONSTRAINT account_invitation_expiry_order CHECK (expires_at > created_at),
  CONSTRAINT account_invitation_used_or_revoked CHECK (used_at IS NULL OR revoked_at IS NULL)
);

CREATE INDEX account_invitation_user_idx ON santkrupa.account_invitation (clinic_id, user_id, created_at);

ALTER TABLE santkrupa.account_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.account_invitation FORCE ROW LEVEL SECURITY;

CREATE POLICY account_invitation_app ON santkrupa.account_invitation
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY account_invitation_reporting ON santkrupa.account_invitation
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

-- for provision_clinic and reissue_admin_invitation (V034) only, and only for the links the
-- platform issues: the owner logs in only to migrate
CREATE POLICY account_invitation_owner_platform ON santkrupa.account_invitation
  TO santkrupa_owner
  USING (issued_by = 'platform')
  WITH CHECK (issued_by = 'platform');

GRANT SELECT, INSERT ON santkrupa.account_invitation TO santkrupa_app;
GRANT UPDATE (used_at, revoked_at) ON santkrupa.account_invitation TO santkrupa_app;
-- reporting sees that a link was issued and used, never its hash
GRANT SELECT (clinic_id, id, user_id, issued_by, created_at, expires_at, used_at, revoked_at)
  ON santkrupa.account_invitation TO santkrupa_reporting;
