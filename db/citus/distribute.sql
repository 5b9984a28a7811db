-- Distributes Santkrupa over a Citus cluster: every tenant table sharded by clinic_id and
-- co-located, the clinic registry and the clinic context's key copied to every node.
--
-- Reviewed like a migration (README.md in this folder says when and how to run it). Run once, as a
-- superuser on the coordinator, after the Flyway migrations and before the application starts:
--   psql -v ON_ERROR_STOP=1 -d santkrupa -f db/citus/distribute.sql
-- All in one transaction: it distributes everything or nothing.
--
-- Generated from the catalog of the migrated schema (V001-V066) and then reviewed;
-- CitusReadinessTest fails when a migration adds a tenant table or a foreign key this script does
-- not name, so it cannot silently fall behind.

\set ON_ERROR_STOP on
BEGIN;

-- Citus's catalog views citus_tables and citus_schemas are readable by PUBLIC; they hold table
-- and shard placement, no clinic data, and the RLS linter accepts them by name. Its activity
-- views show the statements of other sessions across the cluster, as pg_stat_activity does on one
-- node: closed like it (db/bootstrap/roles.sql), so no role can harvest another clinic's context.
DO $$
DECLARE
  view text;
BEGIN
  FOREACH view IN ARRAY ARRAY['pg_catalog.citus_stat_activity', 'pg_catalog.citus_dist_stat_activity',
                              'pg_catalog.citus_worker_stat_activity']
  LOOP
    IF pg_catalog.to_regclass(view) IS NOT NULL THEN
      EXECUTE format('REVOKE SELECT ON %s FROM PUBLIC', view);
      EXECUTE format('GRANT SELECT ON %s TO pg_monitor', view);
    END IF;
  END LOOP;
END
$$;

-- 1. Foreign keys come off first: Citus distributes a table only when its foreign keys can be
--    checked on one node, which they can again once both sides are placed (step 4).

ALTER TABLE santkrupa.account_invitation DROP CONSTRAINT account_invitation_clinic_fk;
ALTER TABLE santkrupa.account_invitation DROP CONSTRAINT account_invitation_user_fk;
ALTER TABLE santkrupa.api_idempotency_key DROP CONSTRAINT api_idempotency_key_clinic_fk;
ALTER TABLE santkrupa.api_idempotency_key DROP CONSTRAINT api_idempotency_key_user_fk;
ALTER TABLE santkrupa.app_user DROP CONSTRAINT app_user_clinic_fk;
ALTER TABLE santkrupa.app_user DROP CONSTRAINT app_user_patient_fk;
ALTER TABLE santkrupa.audit_event_patient DROP CONSTRAINT audit_event_patient_clinic_fk;
ALTER TABLE santkrupa.audit_event_patient DROP CONSTRAINT audit_event_patient_event_fk;
ALTER TABLE santkrupa.audit_event_patient DROP CONSTRAINT audit_event_patient_patient_fk;
ALTER TABLE santkrupa.audit_event_repeat DROP CONSTRAINT audit_event_repeat_actor_fk;
ALTER TABLE santkrupa.audit_event_repeat DROP CONSTRAINT audit_event_repeat_clinic_fk;
ALTER TABLE santkrupa.audit_event_repeat DROP CONSTRAINT audit_event_repeat_event_fk;
ALTER TABLE santkrupa.audit_event DROP CONSTRAINT audit_event_actor_fk;
ALTER TABLE santkrupa.audit_event DROP CONSTRAINT audit_event_clinic_fk;
ALTER TABLE santkrupa.clinic DROP CONSTRAINT clinic_logo_file_fk;
ALTER TABLE santkrupa.clinic_counter DROP CONSTRAINT clinic_counter_clinic_fk;
ALTER TABLE santkrupa.clinic_subscription_change DROP CONSTRAINT clinic_subscription_change_clinic_fk;
ALTER TABLE santkrupa.doctor DROP CONSTRAINT doctor_clinic_fk;
ALTER TABLE santkrupa.doctor DROP CONSTRAINT doctor_user_fk;
ALTER TABLE santkrupa.doctor_note DROP CONSTRAINT doctor_note_clinic_fk;
ALTER TABLE santkrupa.doctor_note DROP CONSTRAINT doctor_note_doctor_fk;
ALTER TABLE santkrupa.doctor_note DROP CONSTRAINT doctor_note_patient_fk;
ALTER TABLE santkrupa.doctor_note DROP CONSTRAINT doctor_note_visit_fk;
ALTER TABLE santkrupa.form_draft DROP CONSTRAINT form_draft_clinic_fk;
ALTER TABLE santkrupa.form_draft DROP CONSTRAINT form_draft_user_fk;
ALTER TABLE santkrupa.lab_reference_range DROP CONSTRAINT lab_reference_range_clinic_fk;
ALTER TABLE santkrupa.lab_reference_range DROP CONSTRAINT lab_reference_range_parameter_fk;
ALTER TABLE santkrupa.lab_test DROP CONSTRAINT lab_test_clinic_fk;
ALTER TABLE santkrupa.lab_test_parameter DROP CONSTRAINT lab_test_parameter_clinic_fk;
ALTER TABLE santkrupa.lab_test_parameter DROP CONSTRAINT lab_test_parameter_test_fk;
ALTER TABLE santkrupa.medical_report DROP CONSTRAINT medical_report_clinic_fk;
ALTER TABLE santkrupa.medical_report DROP CONSTRAINT medical_report_file_fk;
ALTER TABLE santkrupa.medical_report DROP CONSTRAINT medical_report_patient_fk;
ALTER TABLE santkrupa.medical_report DROP CONSTRAINT medical_report_uploaded_by_fk;
ALTER TABLE santkrupa.medicine DROP CONSTRAINT medicine_clinic_fk;
ALTER TABLE santkrupa.patient DROP CONSTRAINT patient_clinic_fk;
ALTER TABLE santkrupa.patient_visit DROP CONSTRAINT patient_visit_checked_in_by_fk;
ALTER TABLE santkrupa.patient_visit DROP CONSTRAINT patient_visit_clinic_fk;
ALTER TABLE santkrupa.patient_visit DROP CONSTRAINT patient_visit_doctor_fk;
ALTER TABLE santkrupa.patient_visit DROP CONSTRAINT patient_visit_patient_fk;
ALTER TABLE santkrupa.prescription DROP CONSTRAINT prescription_clinic_fk;
ALTER TABLE santkrupa.prescription DROP CONSTRAINT prescription_doctor_fk;
ALTER TABLE santkrupa.prescription DROP CONSTRAINT prescription_patient_fk;
ALTER TABLE santkrupa.prescription DROP CONSTRAINT prescription_visit_fk;
ALTER TABLE santkrupa.prescription_item DROP CONSTRAINT prescription_item_clinic_fk;
ALTER TABLE santkrupa.prescription_item DROP CONSTRAINT prescription_item_medicine_fk;
ALTER TABLE santkrupa.prescription_item DROP CONSTRAINT prescription_item_prescription_fk;
ALTER TABLE santkrupa.refresh_token DROP CONSTRAINT refresh_token_clinic_fk;
ALTER TABLE santkrupa.refresh_token DROP CONSTRAINT refresh_token_replaced_by_fk;
ALTER TABLE santkrupa.refresh_token DROP CONSTRAINT refresh_token_user_fk;
ALTER TABLE santkrupa.stored_file DROP CONSTRAINT stored_file_clinic_fk;
ALTER TABLE santkrupa.stored_file DROP CONSTRAINT stored_file_uploaded_by_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_clinic_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_completed_by_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_lab_test_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_ordered_by_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_patient_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_report_file_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_sample_collected_by_fk;
ALTER TABLE santkrupa.test_order DROP CONSTRAINT test_order_visit_fk;
ALTER TABLE santkrupa.test_order_correction DROP CONSTRAINT test_order_correction_clinic_fk;
ALTER TABLE santkrupa.test_order_correction DROP CONSTRAINT test_order_correction_corrected_by_fk;
ALTER TABLE santkrupa.test_order_correction DROP CONSTRAINT test_order_correction_order_fk;
ALTER TABLE santkrupa.test_result DROP CONSTRAINT test_result_clinic_fk;
ALTER TABLE santkrupa.test_result DROP CONSTRAINT test_result_entered_by_fk;
ALTER TABLE santkrupa.test_result DROP CONSTRAINT test_result_order_fk;
ALTER TABLE santkrupa.test_result DROP CONSTRAINT test_result_parameter_fk;
ALTER TABLE santkrupa.web_session DROP CONSTRAINT web_session_clinic_fk;
ALTER TABLE santkrupa.web_session DROP CONSTRAINT web_session_user_fk;

-- 2. Copied to every node: the registry (every tenant table references it) and the context key
--    (current_clinic_id() reads it wherever a policy is evaluated, on the workers too).
SELECT create_reference_table('santkrupa.clinic');
SELECT create_reference_table('santkrupa_private.tenant_context_key');

-- 3. Every tenant table sharded by clinic_id, all in patient's co-location group, so one
--    clinic's rows of every table live on one node and a request's joins stay there.
SELECT create_distributed_table('santkrupa.patient', 'clinic_id');
SELECT create_distributed_table('santkrupa.account_invitation', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.api_idempotency_key', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.app_user', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.audit_event', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.audit_event_patient', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.audit_event_repeat', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.clinic_counter', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.clinic_subscription_change', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.doctor', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.doctor_note', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.form_draft', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.lab_reference_range', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.lab_test', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.lab_test_parameter', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.medical_report', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.medicine', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.patient_visit', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.prescription', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.prescription_item', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.refresh_token', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.stored_file', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.test_order', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.test_order_correction', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.test_result', 'clinic_id', colocate_with => 'santkrupa.patient');
SELECT create_distributed_table('santkrupa.web_session', 'clinic_id', colocate_with => 'santkrupa.patient');

-- 4. The foreign keys again, as the migrations wrote them. Each matches clinic_id to clinic_id
--    (the RLS linter refuses any other), which is what Citus needs of a key between co-located
--    tables; the keys to the registry are keys to a reference table.
--    Left out: clinic_logo_file_fk (V051), from the registry (a reference table) to stored_file
--    (distributed), which Citus cannot enforce. The app role may set only its own clinic's logo
--    to one of its own files (V052's column grant, stored_file's policy), so the key was the
--    second guard, not the only one.
ALTER TABLE santkrupa.account_invitation ADD CONSTRAINT account_invitation_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.account_invitation ADD CONSTRAINT account_invitation_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.api_idempotency_key ADD CONSTRAINT api_idempotency_key_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.api_idempotency_key ADD CONSTRAINT api_idempotency_key_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.app_user ADD CONSTRAINT app_user_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.app_user ADD CONSTRAINT app_user_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.audit_event_patient ADD CONSTRAINT audit_event_patient_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.audit_event_patient ADD CONSTRAINT audit_event_patient_event_fk
  FOREIGN KEY (clinic_id, event_id) REFERENCES santkrupa.audit_event(clinic_id, id);
ALTER TABLE santkrupa.audit_event_patient ADD CONSTRAINT audit_event_patient_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.audit_event_repeat ADD CONSTRAINT audit_event_repeat_actor_fk
  FOREIGN KEY (clinic_id, actor_user_id) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.audit_event_repeat ADD CONSTRAINT audit_event_repeat_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.audit_event_repeat ADD CONSTRAINT audit_event_repeat_event_fk
  FOREIGN KEY (clinic_id, event_id) REFERENCES santkrupa.audit_event(clinic_id, id);
ALTER TABLE santkrupa.audit_event ADD CONSTRAINT audit_event_actor_fk
  FOREIGN KEY (clinic_id, actor_user_id) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.audit_event ADD CONSTRAINT audit_event_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.clinic_counter ADD CONSTRAINT clinic_counter_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.clinic_subscription_change ADD CONSTRAINT clinic_subscription_change_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.doctor ADD CONSTRAINT doctor_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.doctor ADD CONSTRAINT doctor_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.doctor_note ADD CONSTRAINT doctor_note_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.doctor_note ADD CONSTRAINT doctor_note_doctor_fk
  FOREIGN KEY (clinic_id, doctor_id) REFERENCES santkrupa.doctor(clinic_id, id);
ALTER TABLE santkrupa.doctor_note ADD CONSTRAINT doctor_note_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.doctor_note ADD CONSTRAINT doctor_note_visit_fk
  FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES santkrupa.patient_visit(clinic_id, id, patient_id);
ALTER TABLE santkrupa.form_draft ADD CONSTRAINT form_draft_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.form_draft ADD CONSTRAINT form_draft_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.lab_reference_range ADD CONSTRAINT lab_reference_range_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.lab_reference_range ADD CONSTRAINT lab_reference_range_parameter_fk
  FOREIGN KEY (clinic_id, parameter_id) REFERENCES santkrupa.lab_test_parameter(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.lab_test ADD CONSTRAINT lab_test_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.lab_test_parameter ADD CONSTRAINT lab_test_parameter_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.lab_test_parameter ADD CONSTRAINT lab_test_parameter_test_fk
  FOREIGN KEY (clinic_id, lab_test_id) REFERENCES santkrupa.lab_test(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.medical_report ADD CONSTRAINT medical_report_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.medical_report ADD CONSTRAINT medical_report_file_fk
  FOREIGN KEY (clinic_id, file_id) REFERENCES santkrupa.stored_file(clinic_id, id);
ALTER TABLE santkrupa.medical_report ADD CONSTRAINT medical_report_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.medical_report ADD CONSTRAINT medical_report_uploaded_by_fk
  FOREIGN KEY (clinic_id, uploaded_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.medicine ADD CONSTRAINT medicine_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.patient ADD CONSTRAINT patient_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.patient_visit ADD CONSTRAINT patient_visit_checked_in_by_fk
  FOREIGN KEY (clinic_id, checked_in_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.patient_visit ADD CONSTRAINT patient_visit_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.patient_visit ADD CONSTRAINT patient_visit_doctor_fk
  FOREIGN KEY (clinic_id, doctor_id) REFERENCES santkrupa.doctor(clinic_id, id);
ALTER TABLE santkrupa.patient_visit ADD CONSTRAINT patient_visit_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.prescription ADD CONSTRAINT prescription_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.prescription ADD CONSTRAINT prescription_doctor_fk
  FOREIGN KEY (clinic_id, doctor_id) REFERENCES santkrupa.doctor(clinic_id, id);
ALTER TABLE santkrupa.prescription ADD CONSTRAINT prescription_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.prescription ADD CONSTRAINT prescription_visit_fk
  FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES santkrupa.patient_visit(clinic_id, id, patient_id);
ALTER TABLE santkrupa.prescription_item ADD CONSTRAINT prescription_item_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.prescription_item ADD CONSTRAINT prescription_item_medicine_fk
  FOREIGN KEY (clinic_id, medicine_id) REFERENCES santkrupa.medicine(clinic_id, id);
ALTER TABLE santkrupa.prescription_item ADD CONSTRAINT prescription_item_prescription_fk
  FOREIGN KEY (clinic_id, prescription_id) REFERENCES santkrupa.prescription(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.refresh_token ADD CONSTRAINT refresh_token_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.refresh_token ADD CONSTRAINT refresh_token_replaced_by_fk
  FOREIGN KEY (clinic_id, replaced_by_id) REFERENCES santkrupa.refresh_token(clinic_id, id);
ALTER TABLE santkrupa.refresh_token ADD CONSTRAINT refresh_token_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.stored_file ADD CONSTRAINT stored_file_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.stored_file ADD CONSTRAINT stored_file_uploaded_by_fk
  FOREIGN KEY (clinic_id, uploaded_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_completed_by_fk
  FOREIGN KEY (clinic_id, completed_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_lab_test_fk
  FOREIGN KEY (clinic_id, lab_test_id) REFERENCES santkrupa.lab_test(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_ordered_by_fk
  FOREIGN KEY (clinic_id, ordered_by) REFERENCES santkrupa.doctor(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES santkrupa.patient(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_report_file_fk
  FOREIGN KEY (clinic_id, report_file_id) REFERENCES santkrupa.stored_file(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_sample_collected_by_fk
  FOREIGN KEY (clinic_id, sample_collected_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.test_order ADD CONSTRAINT test_order_visit_fk
  FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES santkrupa.patient_visit(clinic_id, id, patient_id);
ALTER TABLE santkrupa.test_order_correction ADD CONSTRAINT test_order_correction_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.test_order_correction ADD CONSTRAINT test_order_correction_corrected_by_fk
  FOREIGN KEY (clinic_id, corrected_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.test_order_correction ADD CONSTRAINT test_order_correction_order_fk
  FOREIGN KEY (clinic_id, test_order_id) REFERENCES santkrupa.test_order(clinic_id, id) ON DELETE CASCADE;
ALTER TABLE santkrupa.test_result ADD CONSTRAINT test_result_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.test_result ADD CONSTRAINT test_result_entered_by_fk
  FOREIGN KEY (clinic_id, entered_by) REFERENCES santkrupa.app_user(clinic_id, id);
ALTER TABLE santkrupa.test_result ADD CONSTRAINT test_result_order_fk
  FOREIGN KEY (clinic_id, test_order_id, lab_test_id) REFERENCES santkrupa.test_order(clinic_id, id, lab_test_id) ON DELETE CASCADE;
ALTER TABLE santkrupa.test_result ADD CONSTRAINT test_result_parameter_fk
  FOREIGN KEY (clinic_id, parameter_id, lab_test_id) REFERENCES santkrupa.lab_test_parameter(clinic_id, id, lab_test_id);
ALTER TABLE santkrupa.web_session ADD CONSTRAINT web_session_clinic_fk
  FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic(id);
ALTER TABLE santkrupa.web_session ADD CONSTRAINT web_session_user_fk
  FOREIGN KEY (clinic_id, user_id) REFERENCES santkrupa.app_user(clinic_id, id) ON DELETE CASCADE;

COMMIT;
