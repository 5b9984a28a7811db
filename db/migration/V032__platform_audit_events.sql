-- The platform's own audit trail: every sign-in of a super admin, every onboarding, status and
-- limit change, export and offboarding, from the console or the command line. Append-only by
-- grants, as the clinics' audit_event: the platform role may INSERT and SELECT, and has no
-- UPDATE, DELETE or TRUNCATE privilege and no policy for them. Ids and short details only.

CREATE TABLE santkrupa_platform.platform_audit_event (
  id             uuid        NOT NULL,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  -- NULL for the command line and for sign-in attempts with an unknown username
  actor_admin_id uuid,
  -- who, in words: a super admin's username, 'cli:<operating-system user>' or 'anonymous'
  actor          text        NOT NULL,
  action         text        NOT NULL,
  outcome        text        NOT NULL DEFAULT 'success',
  -- the clinic acted on; no foreign key, so the trail of an offboarded clinic stays
  clinic_id      uuid,
  request_id     text        NOT NULL DEFAULT '',
  ip             inet,
  detail         text        NOT NULL DEFAULT '',
  CONSTRAINT platform_audit_event_pk PRIMARY KEY (id),
  CONSTRAINT platform_audit_event_admin_fk FOREIGN KEY (actor_admin_id)
    REFERENCES santkrupa_platform.platform_admin (id),
  CONSTRAINT platform_audit_event_actor_present CHECK (length(actor) BETWEEN 1 AND 100),
  CONSTRAINT platform_audit_event_action_format CHECK (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
  CONSTRAINT platform_audit_event_outcome_valid CHECK (outcome IN ('success', 'denied', 'failure')),
  CONSTRAINT platform_audit_event_detail_short CHECK (length(detail) <= 1000)
);

CREATE INDEX platform_audit_event_time_idx ON santkrupa_platform.platform_audit_event (occurred_at, id);
CREATE INDEX platform_audit_event_clinic_idx ON santkrupa_platform.platform_audit_event (clinic_id, occurred_at);
CREATE INDEX platform_audit_event_actor_idx ON santkrupa_platform.platform_audit_event (actor_admin_id, occurred_at);

ALTER TABLE santkrupa_platform.platform_audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa_platform.platform_audit_event FORCE ROW LEVEL SECURITY;

CREATE POLICY platform_audit_event_platform_read ON santkrupa_platform.platform_audit_event
  FOR SELECT
  TO santkrupa_platform
  USING (true);

CREATE POLICY platform_audit_event_platform_append ON santkrupa_platform.platform_audit_event
  FOR INSERT
  TO santkrupa_platform
  WITH CHECK (true);

GRANT SELECT, INSERT ON santkrupa_platform.platform_audit_event TO santkrupa_platform;
