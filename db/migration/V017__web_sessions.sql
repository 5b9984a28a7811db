-- Server-side sessions of the pages, in PostgreSQL so several application instances share
-- them, and under RLS like every other clinic record: a session is only ever found in the
-- clinic of the URL it is presented to.

CREATE TABLE santkrupa.web_session (
  clinic_id           uuid        NOT NULL,
  id                  uuid        NOT NULL,
  -- SHA-256 of the 256-bit random id in the cookie; a database dump yields no usable session
  token_hash          bytea       NOT NULL,
  user_id             uuid        NOT NULL,
  csrf_token          text        NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  ip                  inet,
  user_agent          text        NOT NULL DEFAULT '',
  CONSTRAINT web_session_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT web_session_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT web_session_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT web_session_token_hash_uk UNIQUE (clinic_id, token_hash),
  CONSTRAINT web_session_token_hash_length CHECK (octet_length(token_hash) = 32),
  CONSTRAINT web_session_expiry_order CHECK (idle_expires_at <= absolute_expires_at)
);

CREATE INDEX web_session_user_idx ON santkrupa.web_session (clinic_id, user_id);
CREATE INDEX web_session_expiry_idx ON santkrupa.web_session (clinic_id, absolute_expires_at);

ALTER TABLE santkrupa.web_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.web_session FORCE ROW LEVEL SECURITY;

CREATE POLICY web_session_app ON santkrupa.web_session
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY web_session_reporting ON santkrupa.web_session
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.web_session TO santkrupa_app;
-- reporting sees who was logged in when, never the token hash or the CSRF token
GRANT SELECT (clinic_id, id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent)
  ON santkrupa.web_session TO santkrupa_reporting;
