-- The audit trail: who did what to which record, when, from where. Append-only for the
-- application: the app role may INSERT and SELECT, and has no UPDATE, DELETE or TRUNCATE
-- privilege and no policy for them. No patient data goes into it beyond ids.

CREATE TABLE santkrupa.audit_event (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  -- NULL for attempts without a known user (a failed login for an unknown username)
  actor_user_id uuid,
  actor_role    text        NOT NULL,
  action        text        NOT NULL,
  outcome       text        NOT NULL DEFAULT 'success',
  entity_type   text        NOT NULL DEFAULT '',
  entity_id     uuid,
  request_id    text        NOT NULL DEFAULT '',
  ip            inet,
  detail        text        NOT NULL DEFAULT '',
  CONSTRAINT audit_event_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT audit_event_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT audit_event_actor_fk FOREIGN KEY (clinic_id, actor_user_id)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT audit_event_action_format CHECK (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
  CONSTRAINT audit_event_outcome_valid CHECK (outcome IN ('success', 'denied', 'failure')),
  CONSTRAINT audit_event_detail_short CHECK (length(detail) <= 500)
);

CREATE INDEX audit_event_time_idx ON santkrupa.audit_event (clinic_id, occurred_at);
CREATE INDEX audit_event_entity_idx ON santkrupa.audit_event (clinic_id, entity_type, entity_id, occurred_at);
CREATE INDEX audit_event_actor_idx ON santkrupa.audit_event (clinic_id, actor_user_id, occurred_at);

ALTER TABLE santkrupa.audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.audit_event FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_event_app_read ON santkrupa.audit_event
  FOR SELECT
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY audit_event_app_append ON santkrupa.audit_event
  FOR INSERT
  TO santkrupa_app
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY audit_event_reporting ON santkrupa.audit_event
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT ON santkrupa.audit_event TO santkrupa_app;
GRANT SELECT ON santkrupa.audit_event TO santkrupa_reporting;
