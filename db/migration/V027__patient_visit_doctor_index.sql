-- A doctor's own visits, newest completion first: the dashboard's "recent patients" reads the
-- doctor's latest completed visits from this index (index-only, a few pages), instead of
-- walking every visit of the clinic or every visit of the doctor.

CREATE INDEX patient_visit_doctor_idx
  ON santkrupa.patient_visit (clinic_id, doctor_id, status, ended_at DESC NULLS LAST, patient_id);
