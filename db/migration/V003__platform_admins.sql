-- Platform administrators (super admins) and their sessions. They run the platform (onboard,
-- suspend, offboard clinics), belong to no clinic, and cannot read patient data. Only the
-- platform role can read these tables; the app role has no privilege on this schema at all.

CREATE TABLE santkrupa_platform.platform_admin (
  id            uuid        NOT NULL,
  username      text        NOT NULL,
  password_hash text        NOT NULL,
  full_name     text        NOT NULL,
  email         text        NOT NULL DEFAULT '',
  is_active     boolean     NOT NULL DEFAULT true,
  failed_logins integer     NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  last_login_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT platform_admin_pk PRIMARY KEY (id),
  CONSTRAINT platform_admin_username_format CHECK (username ~ '^[a-z0-9._-]{3,64}$')
);

CREATE UNIQUE INDEX platform_admin_username_uk ON santkrupa_platform.platform_admin (username);

ALTER TABLE santkrupa_platform.platform_admin ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa_platform.platform_admin FORCE ROW LEVEL SECURITY;

CREATE POLICY platform_admin_platform ON santkrupa_platform.platform_admin
  TO santkrupa_platform
  USING (true)
  WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON santkrupa_platform.platform_admin TO santkrupa_platform;

CREATE TABLE santkrupa_platform.platform_session (
  id                  uuid        NOT NULL,
  -- SHA-256 of the random session id in the cookie; the id itself is never stored
  token_hash          bytea       NOT NULL,
  admin_id            uuid        NOT NULL,
  csrf_token          text        NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  CONSTRAINT platform_session_pk PRIMARY KEY (id),
  CONSTRAINT platform_session_token_hash_uk UNIQUE (token_hash),
  CONSTRAINT platform_session_admin_fk FOREIGN KEY (admin_id)
    REFERENCES santkrupa_platform.platform_admin (id) ON DELETE CASCADE,
  CONSTRAINT platform_session_token_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX platform_session_admin_idx ON santkrupa_platform.platform_session (admin_id);

ALTER TABLE santkrupa_platform.platform_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa_platform.platform_session FORCE ROW LEVEL SECURITY;

CREATE POLICY platform_session_platform ON santkrupa_platform.platform_session
  TO santkrupa_platform
  USING (true)
  WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa_platform.platform_session TO santkrupa_platform;
