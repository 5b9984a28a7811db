-- Visits per clinic per calendar month of the clinic's local visit day; visit_month is the
-- month's first day.

CREATE VIEW santkrupa_reporting.visits_per_month
  WITH (security_invoker = true)
AS
SELECT v.clinic_id,
       c.slug                                                       AS clinic_slug,
       date_trunc('month', v.visit_date)::date                      AS visit_month,
       count(*)                                                     AS visits,
       count(DISTINCT v.patient_id)                                 AS patients,
       count(DISTINCT v.doctor_id)                                  AS doctors,
       count(DISTINCT v.visit_date)                                 AS days_open,
       count(*) FILTER (WHERE v.status = 'completed')               AS completed,
       count(*) FILTER (WHERE v.status = 'cancelled')               AS cancelled,
       count(*) FILTER (WHERE v.status = 'no_show')                 AS no_shows
  FROM santkrupa.patient_visit AS v
  JOIN santkrupa.clinic AS c ON c.id = v.clinic_id
 GROUP BY v.clinic_id, c.slug, date_trunc('month', v.visit_date)::date;

GRANT SELECT ON santkrupa_reporting.visits_per_month TO santkrupa_reporting;
