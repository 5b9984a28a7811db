-- Cross-clinic reports for DBAs (issue 14): views in a schema of their own, for the reporting
-- role only. Each view is security_invoker, so it reads with the rights of whoever queries it:
-- the reporting role's SELECT policies and column grants apply (no password or token hash, no
-- document, no file checksum), and a role without them finds nothing through a view either.
-- The views show counts, dates and durations: never a secret, nothing typed about a patient
-- (the RLS linter checks which columns each view reads). Each view's grant is in its own file.

CREATE SCHEMA santkrupa_reporting;

REVOKE ALL ON SCHEMA santkrupa_reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA santkrupa_reporting TO santkrupa_reporting;
