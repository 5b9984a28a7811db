-- Santkrupa's database roles and their database-level grants.
--
-- Run once per database by a role that may create roles (a superuser, or a CREATEROLE
-- admin on a managed PostgreSQL). Flyway migrations then run as santkrupa_owner and
-- assume these roles exist; they never create roles themselves, so the migrating
-- user needs no CREATEROLE. The script is idempotent.
--
-- Passwords are optional and never written here: they are read from custom settings,
--   PGOPTIONS="-c santkrupa.owner_password=... -c santkrupa.app_password=... -c santkrupa.platform_password=..." \
--     psql -d santkrupa -f db/bootstrap/roles.sql
-- (the embedded default uses local trust authentication and sets none).

DO $bootstrap$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT *
      FROM (VALUES
              -- owns the schemas and every table; runs Flyway; used for nothing else
              ('santkrupa_owner',     'LOGIN',   'santkrupa.owner_password'),
              -- the HTTP tier's pool: DML on tenant tables under RLS, owns nothing
              ('santkrupa_app',       'LOGIN',   'santkrupa.app_password'),
              -- the platform console's pool: clinic registry and first-admin provisioning
              ('santkrupa_platform',  'LOGIN',   'santkrupa.platform_password'),
              -- read-only across clinics; a group role granted to DBAs, never logs in itself
              ('santkrupa_reporting', 'NOLOGIN', NULL)
           ) AS t (name, login, password_setting)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      -- CREATE ROLE's defaults are what we want: no superuser, no RLS bypass, no CREATEDB/CREATEROLE
      EXECUTE format('CREATE ROLE %I %s', r.name, r.login);
    END IF;
    IF r.password_setting IS NOT NULL
       AND coalesce(current_setting(r.password_setting, true), '') <> '' THEN
      EXECUTE format('ALTER ROLE %I PASSWORD %L', r.name, current_setting(r.password_setting));
    END IF;
  END LOOP;

  -- only these roles (and the DBAs granted santkrupa_reporting) may connect, and nobody but
  -- the owner may create anything in this database, temporary tables included
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO santkrupa_owner', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO santkrupa_app, santkrupa_platform, santkrupa_reporting',
                 current_database());

  -- What PostgreSQL grants PUBLIC and this database must not: only the functions' owner (the
  -- bootstrap superuser) may revoke; elsewhere the RLS linter reports them and serve refuses to
  -- start until a superuser has run this part.
  --
  -- PostgreSQL lets PUBLIC create, read and write large objects, which live outside every table
  -- and so outside RLS: one clinic's request could leave data another's could read. Nothing here
  -- uses them.
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    FOR r IN
      SELECT p.oid::regprocedure AS fn
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'pg_catalog'::regnamespace
         AND (p.proname LIKE 'lo\_%' OR p.proname IN ('loread', 'lowrite'))
    LOOP
      EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', r.fn);
    END LOOP;
    -- Every role may read the statements other sessions of the same role are running. Each
    -- tenant transaction starts with SET LOCAL app.clinic_context = '<clinic>.<time>.<MAC>': SQL
    -- injected into one clinic's request could harvest another clinic's context from there and
    -- replay it within its 30 seconds. Monitoring keeps the view through pg_monitor; the
    -- functions behind it are the view owner's to call.
    REVOKE SELECT ON pg_catalog.pg_stat_activity FROM PUBLIC;
    GRANT SELECT ON pg_catalog.pg_stat_activity TO pg_monitor;
    REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_activity(integer) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_backend_activity(integer) FROM PUBLIC;
  ELSE
    RAISE WARNING 'not a superuser: large-object functions stay executable by PUBLIC, and every role '
                  'may read the statements of its other sessions (see db/README.md)';
  END IF;
END
$bootstrap$;
