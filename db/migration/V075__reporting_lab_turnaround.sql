-- How long the lab takes, per clinic, per month of completion (the clinic's month) and per
-- test of its catalog: completed orders, and in hours the median, 90th percentile and longest
-- time from order to completion, and the medians from order to sample and sample to result.

CREATE VIEW santkrupa_reporting.lab_turnaround
  WITH (security_invoker = true)
AS
SELECT o.clinic_id,
       c.slug                                                            AS clinic_slug,
       date_trunc('month', o.completed_at AT TIME ZONE c.time_zone)::date AS completed_month,
       t.code                                                            AS lab_test_code,
       t.name                                                            AS lab_test_name,
       count(*)                                                          AS completed,
       round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY o.completed_at - o.ordered_at))
             / 3600, 1)                                                  AS median_hours,
       round(extract(epoch FROM percentile_cont(0.9) WITHIN GROUP (ORDER BY o.completed_at - o.ordered_at))
             / 3600, 1)                                                  AS p90_hours,
       round(extract(epoch FROM max(o.completed_at - o.ordered_at)) / 3600, 1)
                                                                         AS max_hours,
       round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY o.sample_collected_at - o.ordered_at))
             / 3600, 1)                                                  AS median_to_sample_hours,
       round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY o.completed_at - o.sample_collected_at))
             / 3600, 1)                                                  AS median_sample_to_result_hours
  FROM santkrupa.test_order AS o
  JOIN santkrupa.clinic AS c ON c.id = o.clinic_id
  JOIN santkrupa.lab_test AS t ON t.clinic_id = o.clinic_id AND t.id = o.lab_test_id
 WHERE o.status = 'completed'
 GROUP BY o.clinic_id, c.slug, date_trunc('month', o.completed_at AT TIME ZONE c.time_zone)::date, t.code, t.name;

GRANT SELECT ON santkrupa_reporting.lab_turnaround TO santkrupa_reporting;
