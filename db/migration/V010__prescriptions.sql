-- A prescription written by a doctor for a patient (usually during a visit), and its items.

CREATE TABLE santkrupa.prescription (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  patient_id    uuid        NOT NULL,
  doctor_id     uuid        NOT NULL,
  visit_id      uuid,
  advice        text        NOT NULL DEFAULT '',
  prescribed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT prescription_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT prescription_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT prescription_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT prescription_doctor_fk FOREIGN KEY (clinic_id, doctor_id)
    REFERENCES santkrupa.doctor (clinic_id, id),
  CONSTRAINT prescription_visit_fk FOREIGN KEY (clinic_id, visit_id, patient_id)
    REFERENCES santkrupa.patient_visit (clinic_id, id, patient_id)
);

CREATE INDEX prescription_patient_idx ON santkrupa.prescription (clinic_id, patient_id, prescribed_at);
CREATE INDEX prescription_doctor_idx ON santkrupa.prescription (clinic_id, doctor_id, prescribed_at);
CREATE INDEX prescription_visit_idx ON santkrupa.prescription (clinic_id, visit_id, patient_id);

ALTER TABLE santkrupa.prescription ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.prescription FORCE ROW LEVEL SECURITY;

CREATE POLICY prescription_app ON santkrupa.prescription
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY prescription_reporting ON santkrupa.prescription
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.prescription TO santkrupa_app;
GRANT SELECT ON santkrupa.prescription TO santkrupa_reporting;

CREATE TABLE santkrupa.prescription_item (
  clinic_id       uuid     NOT NULL,
  id              uuid     NOT NULL,
  prescription_id uuid     NOT NULL,
  position        smallint NOT NULL,
  medicine_id     uuid     NOT NULL,
  dose            text     NOT NULL,
  frequency       text     NOT NULL,
  duration_days   smallint NOT NULL,
  instructions    text     NOT NULL DEFAULT '',
  CONSTRAINT prescription_item_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT prescription_item_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT prescription_item_prescription_fk FOREIGN KEY (clinic_id, prescription_id)
    REFERENCES santkrupa.prescription (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT prescription_item_medicine_fk FOREIGN KEY (clinic_id, medicine_id)
    REFERENCES santkrupa.medicine (clinic_id, id),
  CONSTRAINT prescription_item_position_uk UNIQUE (clinic_id, prescription_id, position),
  CONSTRAINT prescription_item_position_valid CHECK (position > 0),
  CONSTRAINT prescription_item_dose_present CHECK (length(btrim(dose)) > 0),
  CONSTRAINT prescription_item_frequency_present CHECK (length(btrim(frequency)) > 0),
  CONSTRAINT prescription_item_duration_valid CHECK (duration_days BETWEEN 1 AND 365)
);

CREATE INDEX prescription_item_medicine_idx ON santkrupa.prescription_item (clinic_id, medicine_id);

ALTER TABLE santkrupa.prescription_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.prescription_item FORCE ROW LEVEL SECURITY;

CREATE POLICY prescription_item_app ON santkrupa.prescription_item
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY prescription_item_reporting ON santkrupa.prescription_item
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.prescription_item TO santkrupa_app;
GRANT SELECT ON santkrupa.prescription_item TO santkrupa_reporting;
