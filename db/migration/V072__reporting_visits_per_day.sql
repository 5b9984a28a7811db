-- Visits per clinic per day. visit_date is already the clinic's local day (the day its queue
-- and tokens belong to), so no time zone is applied here.

CREATE VIEW santkrupa_reporting.visits_per_day
  WITH (security_invoker = true)
AS
SELECT v.clinic_id,
       c.slug                                                       AS clinic_slug,
       v.visit_date,
       count(*)                                                     AS visits,
       count(DISTINCT v.patient_id)                                 AS patients,
       count(DISTINCT v.doctor_id)                                  AS doctors,
       count(*) FILTER (WHERE v.status = 'completed')               AS completed,
       count(*) FILTER (WHERE v.status = 'cancelled')               AS cancelled,
       count(*) FILTER (WHERE v.status = 'no_show')                 AS no_shows,
       count(*) FILTER (WHERE v.status IN ('waiting', 'in_consultation')) AS still_open
  FROM santkrupa.patient_visit AS v
  JOIN santkrupa.clinic AS c ON c.id = v.clinic_id
 GROUP BY v.clinic_id, c.slug, v.visit_date;

GRANT SELECT ON santkrupa_reporting.visits_per_day TO santkrupa_reporting;
