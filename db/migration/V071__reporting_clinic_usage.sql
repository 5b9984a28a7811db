-- Every clinic with what it uses, as counts: one row per clinic. "This month" is the clinic's
-- own month (its time zone), as in the platform's list of clinics (clinic_usage, V034).

CREATE VIEW santkrupa_reporting.clinic_usage
  WITH (security_invoker = true)
AS
SELECT c.id                                                       AS clinic_id,
       c.slug                                                     AS clinic_slug,
       c.name                                                     AS clinic_name,
       c.subscription_status,
       (c.created_at AT TIME ZONE c.time_zone)::date              AS created_on,
       (SELECT count(*) FROM santkrupa.patient AS p WHERE p.clinic_id = c.id)
                                                                  AS patients,
       (SELECT count(*) FROM santkrupa.app_user AS u
         WHERE u.clinic_id = c.id AND u.role = 'doctor' AND u.is_active)
                                                                  AS active_doctors,
       (SELECT count(*) FROM santkrupa.app_user AS u
         WHERE u.clinic_id = c.id AND u.role <> 'patient' AND u.is_active)
                                                                  AS active_staff,
       (SELECT count(*) FROM santkrupa.app_user AS u
         WHERE u.clinic_id = c.id AND u.role = 'patient' AND u.is_active)
                                                                  AS portal_accounts,
       (SELECT count(*) FROM santkrupa.patient_visit AS v WHERE v.clinic_id = c.id)
                                                                  AS visits,
       (SELECT count(*) FROM santkrupa.patient_visit AS v
         WHERE v.clinic_id = c.id
           AND v.visit_date >= date_trunc('month', now() AT TIME ZONE c.time_zone)::date)
                                                                  AS visits_this_month,
       (SELECT count(*) FROM santkrupa.prescription AS rx WHERE rx.clinic_id = c.id)
                                                                  AS prescriptions,
       (SELECT count(*) FROM santkrupa.test_order AS o WHERE o.clinic_id = c.id)
                                                                  AS lab_orders,
       (SELECT max(v.checked_in_at) FROM santkrupa.patient_visit AS v WHERE v.clinic_id = c.id)
                                                                  AS last_check_in_at
  FROM santkrupa.clinic AS c;

GRANT SELECT ON santkrupa_reporting.clinic_usage TO santkrupa_reporting;
