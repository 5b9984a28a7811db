-- A patient's visit: check-in at reception, the doctor's queue for the day, the consultation.
-- The token is per doctor per day, from the per-clinic counter.

CREATE TABLE santkrupa.patient_visit (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  patient_id    uuid        NOT NULL,
  doctor_id     uuid        NOT NULL,
  visit_date    date        NOT NULL,
  token_number  integer     NOT NULL,
  status        text        NOT NULL DEFAULT 'waiting',
  reason        text        NOT NULL DEFAULT '',
  checked_in_at timestamptz NOT NULL DEFAULT now(),
  checked_in_by uuid,
  started_at    timestamptz,
  ended_at      timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer     NOT NULL DEFAULT 1,
  CONSTRAINT patient_visit_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT patient_visit_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT patient_visit_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT patient_visit_doctor_fk FOREIGN KEY (clinic_id, doctor_id)
    REFERENCES santkrupa.doctor (clinic_id, id),
  CONSTRAINT patient_visit_checked_in_by_fk FOREIGN KEY (clinic_id, checked_in_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT patient_visit_token_uk UNIQUE (clinic_id, doctor_id, visit_date, token_number),
  -- lets notes, prescriptions and test orders reference (visit, patient) together, so a
  -- visit of one patient can never carry another patient's prescription
  CONSTRAINT patient_visit_patient_uk UNIQUE (clinic_id, id, patient_id),
  CONSTRAINT patient_visit_token_positive CHECK (token_number > 0),
  CONSTRAINT patient_visit_status_valid
    CHECK (status IN ('waiting', 'in_consultation', 'completed', 'cancelled', 'no_show'))
);

CREATE INDEX patient_visit_patient_idx ON santkrupa.patient_visit (clinic_id, patient_id, checked_in_at);
CREATE INDEX patient_visit_day_idx ON santkrupa.patient_visit (clinic_id, visit_date, doctor_id, status);
CREATE INDEX patient_visit_checked_in_by_idx ON santkrupa.patient_visit (clinic_id, checked_in_by);

ALTER TABLE santkrupa.patient_visit ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.patient_visit FORCE ROW LEVEL SECURITY;

CREATE POLICY patient_visit_app ON santkrupa.patient_visit
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY patient_visit_reporting ON santkrupa.patient_visit
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.patient_visit TO santkrupa_app;
GRANT SELECT ON santkrupa.patient_visit TO santkrupa_reporting;
