-- Patients of a clinic. The human-facing code PT-<clinic code>-<year>-<seq> comes from the
-- per-clinic counter (V015), never from count(*) + 1.

CREATE TABLE santkrupa.patient (
  clinic_id               uuid        NOT NULL,
  id                      uuid        NOT NULL,
  code                    text        NOT NULL,
  first_name              text        NOT NULL,
  last_name               text        NOT NULL,
  date_of_birth           date,
  gender                  text        NOT NULL DEFAULT 'unknown',
  phone                   text        NOT NULL DEFAULT '',
  email                   text        NOT NULL DEFAULT '',
  address                 text        NOT NULL DEFAULT '',
  emergency_contact_name  text        NOT NULL DEFAULT '',
  emergency_contact_phone text        NOT NULL DEFAULT '',
  blood_group             text,
  allergies               text        NOT NULL DEFAULT '',
  registered_at           timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  version                 integer     NOT NULL DEFAULT 1,
  CONSTRAINT patient_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT patient_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT patient_code_uk UNIQUE (clinic_id, code),
  CONSTRAINT patient_code_format CHECK (code ~ '^PT-[A-Z0-9]{2,12}-[0-9]{4}-[0-9]{3,}$'),
  CONSTRAINT patient_name_present CHECK (length(btrim(first_name)) > 0 AND length(btrim(last_name)) > 0),
  CONSTRAINT patient_gender_valid CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  CONSTRAINT patient_blood_group_valid
    CHECK (blood_group IN ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'))
);

-- reception finds patients by phone and by name; both stay inside one clinic's index range
CREATE INDEX patient_phone_idx ON santkrupa.patient (clinic_id, phone);
CREATE INDEX patient_name_idx ON santkrupa.patient (clinic_id, lower(last_name), lower(first_name));
CREATE INDEX patient_registered_at_idx ON santkrupa.patient (clinic_id, registered_at);

ALTER TABLE santkrupa.patient ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.patient FORCE ROW LEVEL SECURITY;

CREATE POLICY patient_app ON santkrupa.patient
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY patient_reporting ON santkrupa.patient
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.patient TO santkrupa_app;
GRANT SELECT ON santkrupa.patient TO santkrupa_reporting;
