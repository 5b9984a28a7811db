-- A super admin signs in with a password and a second factor: a TOTP code (RFC 6238) from an
-- authenticator app, or one of ten single-use recovery codes.
--
-- The TOTP secret must be readable to check a code, so it cannot be hashed: it is stored
-- encrypted (AES-GCM) under a key derived from the application's secret key, which is not in
-- the database. totp_last_step is the last time step accepted, so a code is never accepted twice.
-- Recovery codes are stored as HMAC-SHA256 under another derived key: a copy of the table
-- yields neither.

ALTER TABLE santkrupa_platform.platform_admin
  ADD COLUMN totp_secret      bytea,
  ADD COLUMN totp_enrolled_at timestamptz,
  ADD COLUMN totp_last_step   bigint,
  ADD CONSTRAINT platform_admin_totp_enrolment CHECK ((totp_secret IS NULL) = (totp_enrolled_at IS NULL));

-- A session is half open after the password (stage second_factor, or enrolment when the admin
-- has no second factor yet) and fully open only after the second factor, with a new token.
-- The secret being enrolled lives in the half-open session, encrypted like totp_secret.
ALTER TABLE santkrupa_platform.platform_session
  ADD COLUMN stage               text  NOT NULL DEFAULT 'second_factor',
  ADD COLUMN pending_totp_secret bytea,
  ADD COLUMN ip                  inet,
  ADD COLUMN user_agent          text  NOT NULL DEFAULT '',
  ADD CONSTRAINT platform_session_stage_valid CHECK (stage IN ('second_factor', 'enrolment', 'complete')),
  ADD CONSTRAINT platform_session_expiry_order CHECK (idle_expires_at <= absolute_expires_at);

CREATE INDEX platform_session_expiry_idx ON santkrupa_platform.platform_session (absolute_expires_at);

CREATE TABLE santkrupa_platform.platform_recovery_code (
  id         uuid        NOT NULL,
  admin_id   uuid        NOT NULL,
  code_hmac  bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz,
  CONSTRAINT platform_recovery_code_pk PRIMARY KEY (id),
  CONSTRAINT platform_recovery_code_admin_fk FOREIGN KEY (admin_id)
    REFERENCES santkrupa_platform.platform_admin (id) ON DELETE CASCADE,
  CONSTRAINT platform_recovery_code_hmac_uk UNIQUE (admin_id, code_hmac),
  CONSTRAINT platform_recovery_code_hmac_length CHECK (octet_length(code_hmac) = 32)
);

ALTER TABLE santkrupa_platform.platform_recovery_code ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa_platform.platform_recovery_code FORCE ROW LEVEL SECURITY;

CREATE POLICY platform_recovery_code_platform ON santkrupa_platform.platform_recovery_code
  TO santkrupa_platform
  USING (true)
  WITH CHECK (true);

GRANT SELECT, INSERT, DELETE ON santkrupa_platform.platform_recovery_code TO santkrupa_platform;
GRANT UPDATE (used_at) ON santkrupa_platform.platform_recovery_code TO santkrupa_platform;
