-- A doctor's professional profile, attached to one user of role doctor.

CREATE TABLE santkrupa.doctor (
  clinic_id      uuid        NOT NULL,
  id             uuid        NOT NULL,
  user_id        uuid        NOT NULL,
  license_number text        NOT NULL,
  specialization text        NOT NULL DEFAULT '',
  qualification  text        NOT NULL DEFAULT '',
  consultation_fee numeric(10, 2),
  is_active      boolean     NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer     NOT NULL DEFAULT 1,
  CONSTRAINT doctor_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT doctor_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT doctor_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT doctor_user_uk UNIQUE (clinic_id, user_id),
  CONSTRAINT doctor_license_number_uk UNIQUE (clinic_id, license_number),
  CONSTRAINT doctor_license_number_present CHECK (length(btrim(license_number)) > 0),
  CONSTRAINT doctor_fee_valid CHECK (consultation_fee >= 0)
);

ALTER TABLE santkrupa.doctor ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.doctor FORCE ROW LEVEL SECURITY;

CREATE POLICY doctor_app ON santkrupa.doctor
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY doctor_reporting ON santkrupa.doctor
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.doctor TO santkrupa_app;
GRANT SELECT ON santkrupa.doctor TO santkrupa_reporting;
