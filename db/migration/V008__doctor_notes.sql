-- The doctor's record of a consultation: vitals, diagnosis, clinical notes. One per visit.

CREATE TABLE santkrupa.doctor_note (
  clinic_id                uuid         NOT NULL,
  id                       uuid         NOT NULL,
  visit_id                 uuid         NOT NULL,
  patient_id               uuid         NOT NULL,
  doctor_id                uuid         NOT NULL,
  bp_systolic              smallint,
  bp_diastolic             smallint,
  pulse_per_min            smallint,
  respiratory_rate_per_min smallint,
  temperature_c            numeric(4, 1),
  spo2_percent             smallint,
  weight_kg                numeric(5, 2),
  height_cm                numeric(5, 1),
  chief_complaint          text         NOT NULL DEFAULT '',
  diagnosis                text         NOT NULL DEFAULT '',
  notes                    text         NOT NULL DEFAULT '',
  follow_up_on             date,
  created_at               timestamptz  NOT NULL DEFAULT now(),
  updated_at               timestamptz  NOT NULL DEFAULT now(),
  version                  integer      NOT NULL DEFAULT 1,
  CONSTRAINT doctor_note_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT doctor_note_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT doctor_note_visit_fk FOREIGN KEY (clinic_id, visit_id, patient_id)
    REFERENCES santkrupa.patient_visit (clinic_id, id, patient_id),
  CONSTRAINT doctor_note_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT doctor_note_doctor_fk FOREIGN KEY (clinic_id, doctor_id)
    REFERENCES santkrupa.doctor (clinic_id, id),
  CONSTRAINT doctor_note_visit_uk UNIQUE (clinic_id, visit_id),
  -- plausible human ranges: a typo (e.g. 1200 for 120) is rejected, not stored
  CONSTRAINT doctor_note_bp_valid
    CHECK (bp_systolic BETWEEN 40 AND 300 AND bp_diastolic BETWEEN 20 AND 200),
  CONSTRAINT doctor_note_pulse_valid CHECK (pulse_per_min BETWEEN 20 AND 250),
  CONSTRAINT doctor_note_respiratory_rate_valid CHECK (respiratory_rate_per_min BETWEEN 4 AND 80),
  CONSTRAINT doctor_note_temperature_valid CHECK (temperature_c BETWEEN 25 AND 45),
  CONSTRAINT doctor_note_spo2_valid CHECK (spo2_percent BETWEEN 30 AND 100),
  CONSTRAINT doctor_note_weight_valid CHECK (weight_kg > 0 AND weight_kg < 500),
  CONSTRAINT doctor_note_height_valid CHECK (height_cm > 20 AND height_cm < 260)
);

CREATE INDEX doctor_note_patient_idx ON santkrupa.doctor_note (clinic_id, patient_id, created_at);
CREATE INDEX doctor_note_doctor_idx ON santkrupa.doctor_note (clinic_id, doctor_id, created_at);
CREATE INDEX doctor_note_visit_patient_idx ON santkrupa.doctor_note (clinic_id, visit_id, patient_id);

ALTER TABLE santkrupa.doctor_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.doctor_note FORCE ROW LEVEL SECURITY;

CREATE POLICY doctor_note_app ON santkrupa.doctor_note
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY doctor_note_reporting ON santkrupa.doctor_note
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.doctor_note TO santkrupa_app;
GRANT SELECT ON santkrupa.doctor_note TO santkrupa_reporting;
