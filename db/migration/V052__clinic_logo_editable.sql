-- The clinic admin uploads, replaces and removes the clinic's logo on the settings page: the
-- app role may change this one column of its own row (policy clinic_app), as it may the
-- contact details (V002) and the time zone (V035). Everything else of the registry stays the
-- platform's.

GRANT UPDATE (logo_file_id) ON santkrupa.clinic TO santkrupa_app;
