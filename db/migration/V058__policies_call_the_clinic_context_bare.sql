-- Every app policy calls current_clinic_id() bare, without the sub-select.
--
-- `(SELECT santkrupa.current_clinic_id())` made the planner evaluate the function once per
-- statement as an InitPlan; but Citus refuses policies with sub-selects on distributed tables
-- ("Subqueries are not supported in policies on distributed tables"), and this is how the
-- platform grows past one machine (db/citus/). A bare call of the STABLE function keeps the
-- one-time evaluation: next to a query's own `clinic_id = ?`, the planner turns it into a
-- one-time filter and the index scan keeps its (clinic_id, ...) condition (TenantContextPlanTest).
-- The RLS linter's one accepted form is now `clinic_id = santkrupa.current_clinic_id()`.

ALTER POLICY account_invitation_app ON santkrupa.account_invitation
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY api_idempotency_key_app ON santkrupa.api_idempotency_key
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY app_user_app ON santkrupa.app_user
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY audit_event_app_append ON santkrupa.audit_event
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY audit_event_app_read ON santkrupa.audit_event
  USING (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY clinic_app ON santkrupa.clinic
  USING (id = santkrupa.current_clinic_id())
  WITH CHECK (id = santkrupa.current_clinic_id());

ALTER POLICY clinic_counter_app ON santkrupa.clinic_counter
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY clinic_subscription_change_app ON santkrupa.clinic_subscription_change
  USING (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY doctor_app ON santkrupa.doctor
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY doctor_note_app ON santkrupa.doctor_note
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY form_draft_app ON santkrupa.form_draft
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY lab_reference_range_app ON santkrupa.lab_reference_range
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY lab_test_app ON santkrupa.lab_test
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY lab_test_parameter_app ON santkrupa.lab_test_parameter
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY medical_report_app ON santkrupa.medical_report
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY medicine_app ON santkrupa.medicine
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY patient_app ON santkrupa.patient
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY patient_visit_app ON santkrupa.patient_visit
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY prescription_app ON santkrupa.prescription
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY prescription_item_app ON santkrupa.prescription_item
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY refresh_token_app ON santkrupa.refresh_token
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY stored_file_app ON santkrupa.stored_file
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY test_order_app ON santkrupa.test_order
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY test_order_correction_app ON santkrupa.test_order_correction
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY test_result_app ON santkrupa.test_result
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

ALTER POLICY web_session_app ON santkrupa.web_session
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());
