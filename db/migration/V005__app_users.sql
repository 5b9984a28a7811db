-- People who log in to a clinic: staff of the five clinic roles and patients. Usernames are
-- unique per clinic (two clinics may both have an "admin"). Super admins are not here: they
-- are platform administrators (santkrupa_platform.platform_admin).

CREATE TABLE santkrupa.app_user (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  username      text        NOT NULL,
  password_hash text        NOT NULL,
  role          text        NOT NULL,
  full_name     text        NOT NULL,
  email         text        NOT NULL DEFAULT '',
  phone         text        NOT NULL DEFAULT '',
  -- a patient's login is tied to exactly one patient record of the same clinic
  patient_id    uuid,
  is_active     boolean     NOT NULL DEFAULT true,
  failed_logins integer     NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  last_login_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer     NOT NULL DEFAULT 1,
  CONSTRAINT app_user_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT app_user_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT app_user_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT app_user_username_format CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  CONSTRAINT app_user_role_valid
    CHECK (role IN ('clinic_admin', 'doctor', 'receptionist', 'lab_technician', 'patient')),
  CONSTRAINT app_user_patient_link CHECK ((role = 'patient') = (patient_id IS NOT NULL)),
  CONSTRAINT app_user_failed_logins_valid CHECK (failed_logins >= 0)
);

CREATE UNIQUE INDEX app_user_username_uk ON santkrupa.app_user (clinic_id, username);
CREATE UNIQUE INDEX app_user_patient_uk ON santkrupa.app_user (clinic_id, patient_id);
CREATE INDEX app_user_role_idx ON santkrupa.app_user (clinic_id, role);

ALTER TABLE santkrupa.app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.app_user FORCE ROW LEVEL SECURITY;

CREATE POLICY app_user_app ON santkrupa.app_user
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

-- the platform console provisions a new clinic's first administrator, in that clinic's
-- context, and nothing else: it cannot read users, nor create any other role
CREATE POLICY app_user_platform_provision ON santkrupa.app_user
  FOR INSERT
  TO santkrupa_platform
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()) AND role = 'clinic_admin');

CREATE POLICY app_user_reporting ON santkrupa.app_user
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.app_user TO santkrupa_app;
GRANT INSERT ON santkrupa.app_user TO santkrupa_platform;
-- reporting reads every column but the password hash
GRANT SELECT (clinic_id, id, username, role, full_name, email, phone, patient_id, is_active, failed_logins,
              locked_until, last_login_at, created_at, updated_at, version)
  ON santkrupa.app_user TO santkrupa_reporting;
