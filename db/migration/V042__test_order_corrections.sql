-- A completed order whose results or report were wrong is corrected, never silently edited:
-- each correction keeps who corrected it, when, why (the reason is required; it is shown to
-- the doctor and the patient with the corrected results) and what the values were before, so
-- anyone who acted on the earlier report can see what changed. Append-only for the app role.
--
-- changes holds the values the correction replaced, as the report showed them:
-- [{"parameter": "Haemoglobin", "unit": "g/dL", "before": "11.2", "beforeFlag": "low",
--   "after": "12.1", "afterFlag": "normal"}, ...]

CREATE TABLE santkrupa.test_order_correction (
  clinic_id        uuid        NOT NULL,
  id               uuid        NOT NULL,
  test_order_id    uuid        NOT NULL,
  corrected_by     uuid        NOT NULL,
  corrected_at     timestamptz NOT NULL DEFAULT now(),
  reason           text        NOT NULL,
  changes          jsonb       NOT NULL DEFAULT '[]',
  remarks_before   text,
  report_replaced  boolean     NOT NULL DEFAULT false,
  CONSTRAINT test_order_correction_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT test_order_correction_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT test_order_correction_order_fk FOREIGN KEY (clinic_id, test_order_id)
    REFERENCES santkrupa.test_order (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT test_order_correction_corrected_by_fk FOREIGN KEY (clinic_id, corrected_by)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT test_order_correction_reason_present CHECK (length(btrim(reason)) > 0 AND length(reason) <= 500),
  CONSTRAINT test_order_correction_changes_array CHECK (jsonb_typeof(changes) = 'array')
);

CREATE INDEX test_order_correction_order_idx
  ON santkrupa.test_order_correction (clinic_id, test_order_id, corrected_at);
CREATE INDEX test_order_correction_corrected_by_idx
  ON santkrupa.test_order_correction (clinic_id, corrected_by);

ALTER TABLE santkrupa.test_order_correction ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.test_order_correction FORCE ROW LEVEL SECURITY;

CREATE POLICY test_order_correction_app ON santkrupa.test_order_correction
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY test_order_correction_reporting ON santkrupa.test_order_correction
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT ON santkrupa.test_order_correction TO santkrupa_app;
GRANT SELECT ON santkrupa.test_order_correction TO santkrupa_reporting;
