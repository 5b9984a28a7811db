-- The two schemas and the one function every tenant policy reads.
--
-- santkrupa           : the application's tables; every one under forced RLS.
-- santkrupa_platform  : platform administrators (super admins); only the platform role may read it.
-- (Flyway's own history lives in santkrupa_flyway, outside both.)

CREATE SCHEMA santkrupa;
CREATE SCHEMA santkrupa_platform;

REVOKE ALL ON SCHEMA santkrupa, santkrupa_platform FROM PUBLIC;
GRANT USAGE ON SCHEMA santkrupa TO santkrupa_app, santkrupa_platform, santkrupa_reporting;
GRANT USAGE ON SCHEMA santkrupa_platform TO santkrupa_platform;

-- Functions the owner creates are not executable by PUBLIC unless granted explicitly.
ALTER DEFAULT PRIVILEGES FOR ROLE santkrupa_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The clinic of the current transaction, from the transaction-local setting app.clinic_id.
-- Missing (NULL), empty ('' -- what current_setting returns once a placeholder was set
-- earlier in the session) or malformed all mean "no clinic": the function returns NULL, so
-- `clinic_id = NULL` admits no row and rejects every insert. It never raises, so a bad
-- value cannot produce an error message that echoes anything.
-- STABLE, and policies call it as `(SELECT santkrupa.current_clinic_id())`, so the planner
-- evaluates it once per statement (an InitPlan) and keeps the (clinic_id, ...) index scans.
CREATE FUNCTION santkrupa.current_clinic_id()
  RETURNS uuid
  LANGUAGE sql
  STABLE
  PARALLEL SAFE
AS $$
  SELECT CASE
           WHEN setting ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
             THEN setting::uuid
         END
    FROM (SELECT pg_catalog.current_setting('app.clinic_id', true) AS setting) AS s
$$;

REVOKE ALL ON FUNCTION santkrupa.current_clinic_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santkrupa.current_clinic_id() TO santkrupa_app, santkrupa_platform;
