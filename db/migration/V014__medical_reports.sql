-- Documents about a patient uploaded to the clinic (an outside lab's report, a discharge
-- summary, an X-ray image). The bytes live in stored_file.

CREATE TABLE santkrupa.medical_report (
  clinic_id   uuid        NOT NULL,
  id          uuid        NOT NULL,
  patient_id  uuid        NOT NULL,
  file_id     uuid        NOT NULL,
  title       text        NOT NULL,
  report_type text        NOT NULL DEFAULT 'other',
  report_date date,
  notes       text        NOT NULL DEFAULT '',
  uploaded_by uuid        NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT medical_report_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT medical_report_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT medical_report_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT medical_report_file_fk FOREIGN KEY (clinic_id, file_id)
    REFERENCES santkrupa.stored_file (clinic_id, id),
  CONSTRAINT medical_report_uploaded_by_fk FOREIGN KEY (clinic_id, uploaded_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT medical_report_file_uk UNIQUE (clinic_id, file_id),
  CONSTRAINT medical_report_title_present CHECK (length(btrim(title)) > 0),
  CONSTRAINT medical_report_type_valid
    CHECK (report_type IN ('lab', 'imaging', 'discharge_summary', 'referral', 'prescription', 'other'))
);

CREATE INDEX medical_report_patient_idx ON santkrupa.medical_report (clinic_id, patient_id, uploaded_at);
CREATE INDEX medical_report_uploaded_by_idx ON santkrupa.medical_report (clinic_id, uploaded_by);

ALTER TABLE santkrupa.medical_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.medical_report FORCE ROW LEVEL SECURITY;

CREATE POLICY medical_report_app ON santkrupa.medical_report
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY medical_report_reporting ON santkrupa.medical_report
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.medical_report TO santkrupa_app;
GRANT SELECT ON santkrupa.medical_report TO santkrupa_reporting;
