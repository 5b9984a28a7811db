-- Per-clinic counters for human-facing numbers: patient codes per year, visit tokens per
-- doctor per day. Taken atomically with
--   INSERT ... ON CONFLICT (clinic_id, name, scope) DO UPDATE SET value = value + 1 RETURNING value
-- so two receptionists registering at the same moment never get the same number.

CREATE TABLE santkrupa.clinic_counter (
  clinic_id  uuid        NOT NULL,
  id         uuid        NOT NULL,
  name       text        NOT NULL,
  -- what the sequence restarts for, e.g. '2026' for patient codes, '<doctor id>/2026-11-23' for tokens
  scope      text        NOT NULL DEFAULT '',
  value      bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT clinic_counter_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT clinic_counter_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT clinic_counter_name_scope_uk UNIQUE (clinic_id, name, scope),
  CONSTRAINT clinic_counter_name_valid CHECK (name IN ('patient_code', 'visit_token')),
  CONSTRAINT clinic_counter_value_positive CHECK (value > 0)
);

ALTER TABLE santkrupa.clinic_counter ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.clinic_counter FORCE ROW LEVEL SECURITY;

CREATE POLICY clinic_counter_app ON santkrupa.clinic_counter
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY clinic_counter_reporting ON santkrupa.clinic_counter
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE ON santkrupa.clinic_counter TO santkrupa_app;
GRANT SELECT ON santkrupa.clinic_counter TO santkrupa_reporting;
