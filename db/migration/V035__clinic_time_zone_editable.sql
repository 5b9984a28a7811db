-- The clinic admin chooses the clinic's time zone on the settings page: the clinic's "today",
-- its daily tokens, queue, reports and printed dates follow it (issue 10). The app role may
-- change it on its own row only (policy clinic_app); slug, code, registration number,
-- subscription and limits stay the platform's. The settings page offers only zones that Java
-- and PostgreSQL both know; the CHECK of V028 keeps the shape of an IANA name.

GRANT UPDATE (time_zone) ON santkrupa.clinic TO santkrupa_app;
