-- Reference ranges by sex and age for a numeric lab test parameter: haemoglobin's normal range
-- is not the same for a man, a woman and a child. A result is judged against the first range
-- that fits the patient (their sex and their age on the day the sample was collected), a
-- range for their own sex before one for anyone; when none fits, against the parameter's
-- general range (lab_test_parameter.normal_low/high, V012). Critical limits, when given, mark
-- a value that needs the doctor at once ("Critical low" below critical_low, "Critical high"
-- above critical_high).
--
-- Ages are whole units from age_from (inclusive) to age_to (exclusive; NULL: no upper limit)
-- in age_unit, counted as calendar units from the date of birth, so "0 to 1 month" and "6 to
-- 12 years" are exact. The catalog page replaces a parameter's ranges as a whole: the app
-- role inserts and deletes them, it never updates one.

CREATE TABLE santkrupa.lab_reference_range (
  clinic_id     uuid           NOT NULL,
  id            uuid           NOT NULL,
  parameter_id  uuid           NOT NULL,
  position      smallint       NOT NULL,
  sex           text           NOT NULL DEFAULT 'any',
  age_from      integer        NOT NULL DEFAULT 0,
  age_to        integer,
  age_unit      text           NOT NULL DEFAULT 'years',
  normal_low    numeric(12, 4),
  normal_high   numeric(12, 4),
  critical_low  numeric(12, 4),
  critical_high numeric(12, 4),
  CONSTRAINT lab_reference_range_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT lab_reference_range_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT lab_reference_range_parameter_fk FOREIGN KEY (clinic_id, parameter_id)
    REFERENCES santkrupa.lab_test_parameter (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT lab_reference_range_position_uk UNIQUE (clinic_id, parameter_id, position),
  CONSTRAINT lab_reference_range_position_valid CHECK (position > 0),
  CONSTRAINT lab_reference_range_sex_valid CHECK (sex IN ('any', 'female', 'male')),
  CONSTRAINT lab_reference_range_age_unit_valid CHECK (age_unit IN ('days', 'months', 'years')),
  CONSTRAINT lab_reference_range_age_valid CHECK (age_from >= 0 AND (age_to IS NULL OR age_to > age_from)),
  CONSTRAINT lab_reference_range_normal_present CHECK (normal_low IS NOT NULL OR normal_high IS NOT NULL),
  CONSTRAINT lab_reference_range_normal_valid CHECK (normal_low <= normal_high),
  CONSTRAINT lab_reference_range_critical_low_valid CHECK (critical_low < normal_low),
  CONSTRAINT lab_reference_range_critical_high_valid CHECK (critical_high > normal_high),
  CONSTRAINT lab_reference_range_critical_valid CHECK (critical_low < critical_high)
);

ALTER TABLE santkrupa.lab_reference_range ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.lab_reference_range FORCE ROW LEVEL SECURITY;

CREATE POLICY lab_reference_range_app ON santkrupa.lab_reference_range
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY lab_reference_range_reporting ON santkrupa.lab_reference_range
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, DELETE ON santkrupa.lab_reference_range TO santkrupa_app;
GRANT SELECT ON santkrupa.lab_reference_range TO santkrupa_reporting;
