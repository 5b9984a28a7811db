-- The clinic's own medicine catalog, which prescriptions choose from.

CREATE TABLE santkrupa.medicine (
  clinic_id    uuid        NOT NULL,
  id           uuid        NOT NULL,
  name         text        NOT NULL,
  generic_name text        NOT NULL DEFAULT '',
  form         text        NOT NULL DEFAULT 'tablet',
  strength     text        NOT NULL DEFAULT '',
  manufacturer text        NOT NULL DEFAULT '',
  is_active    boolean     NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer     NOT NULL DEFAULT 1,
  CONSTRAINT medicine_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT medicine_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT medicine_name_present CHECK (length(btrim(name)) > 0),
  CONSTRAINT medicine_form_valid
    CHECK (form IN ('tablet', 'capsule', 'syrup', 'injection', 'ointment', 'drops', 'inhaler', 'other'))
);

-- "Paracetamol 500 mg tablet" once per clinic, whatever the letter case
CREATE UNIQUE INDEX medicine_name_uk ON santkrupa.medicine (clinic_id, lower(name), form, strength);

ALTER TABLE santkrupa.medicine ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.medicine FORCE ROW LEVEL SECURITY;

CREATE POLICY medicine_app ON santkrupa.medicine
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY medicine_reporting ON santkrupa.medicine
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.medicine TO santkrupa_app;
GRANT SELECT ON santkrupa.medicine TO santkrupa_reporting;
