-- Erasure of a patient's identity on request (DPDP Act 2023): the patient row stays, under its
-- id, with its clinical records; erased_at says when its identifying details were removed.
ALTER TABLE santkrupa.patient
  ADD COLUMN erased_at timestamptz;

-- An erased patient's portal account is deactivated and unlinked from the record (it stays for the
-- audit trail, which names it as an actor): a patient account without a patient is never active.
ALTER TABLE santkrupa.app_user
  DROP CONSTRAINT app_user_patient_link,
  ADD CONSTRAINT app_user_patient_link
    CHECK ((role = 'patient' AND (patient_id IS NOT NULL OR NOT is_active))
        OR (role <> 'patient' AND patient_id IS NULL));
