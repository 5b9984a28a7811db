-- A lab test ordered for a patient: ordered -> sample collected -> completed (or cancelled),
-- with one result value per parameter of the test and optionally a report file.

CREATE TABLE santkrupa.test_order (
  clinic_id           uuid        NOT NULL,
  id                  uuid        NOT NULL,
  patient_id          uuid        NOT NULL,
  visit_id            uuid,
  lab_test_id         uuid        NOT NULL,
  ordered_by          uuid        NOT NULL,
  status              text        NOT NULL DEFAULT 'ordered',
  clinical_notes      text        NOT NULL DEFAULT '',
  ordered_at          timestamptz NOT NULL DEFAULT now(),
  sample_collected_at timestamptz,
  sample_collected_by uuid,
  completed_at        timestamptz,
  completed_by        uuid,
  report_file_id      uuid,
  remarks             text        NOT NULL DEFAULT '',
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer     NOT NULL DEFAULT 1,
  CONSTRAINT test_order_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT test_order_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT test_order_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id),
  CONSTRAINT test_order_visit_fk FOREIGN KEY (clinic_id, visit_id, patient_id)
    REFERENCES santkrupa.patient_visit (clinic_id, id, patient_id),
  CONSTRAINT test_order_lab_test_fk FOREIGN KEY (clinic_id, lab_test_id)
    REFERENCES santkrupa.lab_test (clinic_id, id),
  CONSTRAINT test_order_ordered_by_fk FOREIGN KEY (clinic_id, ordered_by)
    REFERENCES santkrupa.doctor (clinic_id, id),
  CONSTRAINT test_order_sample_collected_by_fk FOREIGN KEY (clinic_id, sample_collected_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT test_order_completed_by_fk FOREIGN KEY (clinic_id, completed_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT test_order_report_file_fk FOREIGN KEY (clinic_id, report_file_id)
    REFERENCES santkrupa.stored_file (clinic_id, id),
  -- lets each result reference (order, test) together
  CONSTRAINT test_order_lab_test_uk UNIQUE (clinic_id, id, lab_test_id),
  CONSTRAINT test_order_status_valid
    CHECK (status IN ('ordered', 'sample_collected', 'completed', 'cancelled')),
  -- the timestamps follow the status: no "completed" order without a completion time
  CONSTRAINT test_order_sample_collected_consistent
    CHECK (status NOT IN ('sample_collected', 'completed') OR sample_collected_at IS NOT NULL),
  CONSTRAINT test_order_completed_consistent
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);

CREATE INDEX test_order_patient_idx ON santkrupa.test_order (clinic_id, patient_id, ordered_at);
CREATE INDEX test_order_status_idx ON santkrupa.test_order (clinic_id, status, ordered_at);
CREATE INDEX test_order_visit_idx ON santkrupa.test_order (clinic_id, visit_id, patient_id);
CREATE INDEX test_order_lab_test_idx ON santkrupa.test_order (clinic_id, lab_test_id);
CREATE INDEX test_order_ordered_by_idx ON santkrupa.test_order (clinic_id, ordered_by);
CREATE INDEX test_order_sample_collected_by_idx ON santkrupa.test_order (clinic_id, sample_collected_by);
CREATE INDEX test_order_completed_by_idx ON santkrupa.test_order (clinic_id, completed_by);
CREATE INDEX test_order_report_file_idx ON santkrupa.test_order (clinic_id, report_file_id);

ALTER TABLE santkrupa.test_order ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.test_order FORCE ROW LEVEL SECURITY;

CREATE POLICY test_order_app ON santkrupa.test_order
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY test_order_reporting ON santkrupa.test_order
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.test_order TO santkrupa_app;
GRANT SELECT ON santkrupa.test_order TO santkrupa_reporting;

CREATE TABLE santkrupa.test_result (
  clinic_id     uuid           NOT NULL,
  id            uuid           NOT NULL,
  test_order_id uuid           NOT NULL,
  lab_test_id   uuid           NOT NULL,
  parameter_id  uuid           NOT NULL,
  value_numeric numeric(14, 4),
  value_text    text           NOT NULL DEFAULT '',
  -- set by the application from the parameter's range at entry time, kept with the value
  is_abnormal   boolean        NOT NULL DEFAULT false,
  entered_by    uuid           NOT NULL,
  entered_at    timestamptz    NOT NULL DEFAULT now(),
  CONSTRAINT test_result_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT test_result_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT test_result_order_fk FOREIGN KEY (clinic_id, test_order_id, lab_test_id)
    REFERENCES santkrupa.test_order (clinic_id, id, lab_test_id) ON DELETE CASCADE,
  CONSTRAINT test_result_parameter_fk FOREIGN KEY (clinic_id, parameter_id, lab_test_id)
    REFERENCES santkrupa.lab_test_parameter (clinic_id, id, lab_test_id),
  CONSTRAINT test_result_entered_by_fk FOREIGN KEY (clinic_id, entered_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT test_result_parameter_uk UNIQUE (clinic_id, test_order_id, parameter_id),
  CONSTRAINT test_result_value_present CHECK (value_numeric IS NOT NULL OR length(btrim(value_text)) > 0)
);

CREATE INDEX test_result_order_idx ON santkrupa.test_result (clinic_id, test_order_id, lab_test_id);
CREATE INDEX test_result_parameter_idx ON santkrupa.test_result (clinic_id, parameter_id, lab_test_id);
CREATE INDEX test_result_entered_by_idx ON santkrupa.test_result (clinic_id, entered_by);

ALTER TABLE santkrupa.test_result ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.test_result FORCE ROW LEVEL SECURITY;

CREATE POLICY test_result_app ON santkrupa.test_result
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY test_result_reporting ON santkrupa.test_result
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.test_result TO santkrupa_app;
GRANT SELECT ON santkrupa.test_result TO santkrupa_reporting;
