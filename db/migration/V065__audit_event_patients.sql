-- The patients a list showed. A search, a day's queue, the lab's work list, the portal's list
-- and a doctor's home page each show many patients at once: the request writes one audit event
-- (patient.search, visit.list, ...) and here one row per patient it showed, so the log stays one
-- line per request while "who has seen this patient, and where" still has an answer. Ids only:
-- never a name, a phone or what was typed into a search. Append-only, like the events.

CREATE TABLE santkrupa.audit_event_patient (
  clinic_id  uuid NOT NULL,
  id         uuid NOT NULL,
  event_id   uuid NOT NULL,
  patient_id uuid NOT NULL,
  CONSTRAINT audit_event_patient_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT audit_event_patient_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT audit_event_patient_event_fk FOREIGN KEY (clinic_id, event_id)
    REFERENCES santkrupa.audit_event (clinic_id, id),
  CONSTRAINT audit_event_patient_patient_fk FOREIGN KEY (clinic_id, patient_id)
    REFERENCES santkrupa.patient (clinic_id, id)
);

-- the audit log's "events about this patient": her lists, newest first, from the index alone
CREATE INDEX audit_event_patient_patient_idx ON santkrupa.audit_event_patient (clinic_id, patient_id, event_id);

ALTER TABLE santkrupa.audit_event_patient ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.audit_event_patient FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_event_patient_app_read ON santkrupa.audit_event_patient
  FOR SELECT
  TO santkrupa_app
  USING (clinic_id = santkrupa.current_clinic_id());

CREATE POLICY audit_event_patient_app_append ON santkrupa.audit_event_patient
  FOR INSERT
  TO santkrupa_app
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

CREATE POLICY audit_event_patient_reporting ON santkrupa.audit_event_patient
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT ON santkrupa.audit_event_patient TO santkrupa_app;
GRANT SELECT ON santkrupa.audit_event_patient TO santkrupa_reporting;
