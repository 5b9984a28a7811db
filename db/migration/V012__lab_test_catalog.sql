-- The clinic's lab test catalog. A test measures one or more parameters (a CBC has many),
-- each with its unit and normal range, so results can be shown beside the range and flagged.

CREATE TABLE santkrupa.lab_test (
  clinic_id   uuid        NOT NULL,
  id          uuid        NOT NULL,
  code        text        NOT NULL,
  name        text        NOT NULL,
  sample_type text        NOT NULL DEFAULT 'blood',
  description text        NOT NULL DEFAULT '',
  price       numeric(10, 2),
  is_active   boolean     NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer     NOT NULL DEFAULT 1,
  CONSTRAINT lab_test_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT lab_test_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT lab_test_code_uk UNIQUE (clinic_id, code),
  CONSTRAINT lab_test_code_format CHECK (code ~ '^[A-Z0-9_-]{1,20}$'),
  CONSTRAINT lab_test_name_present CHECK (length(btrim(name)) > 0),
  CONSTRAINT lab_test_sample_type_valid
    CHECK (sample_type IN ('blood', 'urine', 'stool', 'swab', 'sputum', 'tissue', 'other', 'none')),
  CONSTRAINT lab_test_price_valid CHECK (price >= 0)
);

CREATE UNIQUE INDEX lab_test_name_uk ON santkrupa.lab_test (clinic_id, lower(name));

ALTER TABLE santkrupa.lab_test ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.lab_test FORCE ROW LEVEL SECURITY;

CREATE POLICY lab_test_app ON santkrupa.lab_test
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY lab_test_reporting ON santkrupa.lab_test
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.lab_test TO santkrupa_app;
GRANT SELECT ON santkrupa.lab_test TO santkrupa_reporting;

CREATE TABLE santkrupa.lab_test_parameter (
  clinic_id      uuid     NOT NULL,
  id             uuid     NOT NULL,
  lab_test_id    uuid     NOT NULL,
  position       smallint NOT NULL,
  name           text     NOT NULL,
  unit           text     NOT NULL DEFAULT '',
  -- numeric parameters have a range; qualitative ones ("Negative") a reference text
  normal_low     numeric(12, 4),
  normal_high    numeric(12, 4),
  reference_text text     NOT NULL DEFAULT '',
  CONSTRAINT lab_test_parameter_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT lab_test_parameter_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT lab_test_parameter_test_fk FOREIGN KEY (clinic_id, lab_test_id)
    REFERENCES santkrupa.lab_test (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT lab_test_parameter_position_uk UNIQUE (clinic_id, lab_test_id, position),
  -- lets a result reference (parameter, test) together: a result always belongs to its order's test
  CONSTRAINT lab_test_parameter_test_uk UNIQUE (clinic_id, id, lab_test_id),
  CONSTRAINT lab_test_parameter_name_present CHECK (length(btrim(name)) > 0),
  CONSTRAINT lab_test_parameter_position_valid CHECK (position > 0),
  CONSTRAINT lab_test_parameter_range_valid CHECK (normal_low <= normal_high)
);

ALTER TABLE santkrupa.lab_test_parameter ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.lab_test_parameter FORCE ROW LEVEL SECURITY;

CREATE POLICY lab_test_parameter_app ON santkrupa.lab_test_parameter
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY lab_test_parameter_reporting ON santkrupa.lab_test_parameter
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.lab_test_parameter TO santkrupa_app;
GRANT SELECT ON santkrupa.lab_test_parameter TO santkrupa_reporting;
