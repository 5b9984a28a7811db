-- Each clinic's subscription: status, end date and days left (in the clinic's own day), its
-- limits beside what counts against them (active doctors, active receptionists, patients, as
-- ClinicCapacity counts them), and its last change. The reasons given for changes are not
-- shown: they are free text.

CREATE VIEW santkrupa_reporting.subscription_overview
  WITH (security_invoker = true)
AS
SELECT c.id                                                                AS clinic_id,
       c.slug                                                              AS clinic_slug,
       c.subscription_status,
       c.subscription_ends_on,
       c.subscription_ends_on - (now() AT TIME ZONE c.time_zone)::date    AS days_left,
       c.max_doctors,
       (SELECT count(*) FROM santkrupa.app_user AS u
         WHERE u.clinic_id = c.id AND u.role = 'doctor' AND u.is_active)  AS active_doctors,
       c.max_receptionists,
       (SELECT count(*) FROM santkrupa.app_user AS u
         WHERE u.clinic_id = c.id AND u.role = 'receptionist' AND u.is_active)
                                                                           AS active_receptionists,
       c.max_patients,
       (SELECT count(*) FROM santkrupa.patient AS p WHERE p.clinic_id = c.id)
                                                                           AS patients,
       (SELECT count(*) FROM santkrupa.clinic_subscription_change AS sc WHERE sc.clinic_id = c.id)
                                                                           AS changes,
       last_change.kind                                                    AS last_change_kind,
       last_change.changed_at                                              AS last_change_at
  FROM santkrupa.clinic AS c
  LEFT JOIN LATERAL (SELECT sc.kind, sc.changed_at
                       FROM santkrupa.clinic_subscription_change AS sc
                      WHERE sc.clinic_id = c.id
                      ORDER BY sc.changed_at DESC, sc.id DESC
                      LIMIT 1) AS last_change ON true;

GRANT SELECT ON santkrupa_reporting.subscription_overview TO santkrupa_reporting;
