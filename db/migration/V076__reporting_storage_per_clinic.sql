-- Uploaded files per clinic: how many, how big, of which kind, and what holds them (a
-- patient's documents, lab reports). Sizes only: never a file's name, checksum or content.

CREATE VIEW santkrupa_reporting.storage_per_clinic
  WITH (security_invoker = true)
AS
SELECT c.id                                                              AS clinic_id,
       c.slug                                                            AS clinic_slug,
       count(f.id)                                                       AS files,
       coalesce(sum(f.size_bytes), 0)::bigint                            AS bytes,
       round(coalesce(sum(f.size_bytes), 0) / 1048576.0, 1)              AS mib,
       count(f.id) FILTER (WHERE f.content_type = 'application/pdf')     AS pdf_files,
       count(f.id) FILTER (WHERE f.content_type LIKE 'image/%')          AS image_files,
       coalesce(max(f.size_bytes), 0)                                    AS largest_file_bytes,
       (SELECT count(*) FROM santkrupa.medical_report AS m WHERE m.clinic_id = c.id)
                                                                         AS medical_reports,
       (SELECT count(*) FROM santkrupa.test_order AS o
         WHERE o.clinic_id = c.id AND o.report_file_id IS NOT NULL)      AS lab_report_files,
       max(f.uploaded_at)                                                AS last_upload_at
  FROM santkrupa.clinic AS c
  LEFT JOIN santkrupa.stored_file AS f ON f.clinic_id = c.id
 GROUP BY c.id, c.slug;

GRANT SELECT ON santkrupa_reporting.storage_per_clinic TO santkrupa_reporting;
