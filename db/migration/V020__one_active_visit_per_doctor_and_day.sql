-- A patient stands in a doctor's queue at most once a day: two receptionists checking the same
-- patient in at the same moment, or a cancelled visit put back to waiting beside a new one,
-- end in a unique violation (SQLSTATE 23505) that the application shows as a message. Finished
-- visits (completed, cancelled, no-show) do not count, so a patient may come back later.

CREATE UNIQUE INDEX patient_visit_active_uk ON santkrupa.patient_visit (clinic_id, doctor_id, visit_date, patient_id)
  WHERE status IN ('waiting', 'in_consultation');
