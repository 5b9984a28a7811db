-- A clinic context that only the application can set.
--
-- The application opens every tenant transaction with
--   SET LOCAL app.clinic_context = '<clinic uuid>.<issued at, Unix seconds>.<HMAC-SHA256, hex>'
-- where the HMAC covers '<clinic uuid>.<issued at>' under the key of V056. current_clinic_id()
-- returns the clinic only when the MAC verifies with that key and the context was issued within
-- 30 seconds of the transaction's start (transaction_timestamp(), fixed for the transaction, so a
-- long transaction keeps its clinic; the window only has to cover clock skew between the
-- application and the database, which the application checks at start). Anything else -- no
-- context, the old app.clinic_id, a malformed or forged value, another key's MAC, an old context
-- replayed -- gives NULL, and `clinic_id = NULL` admits no row and rejects every write. It never
-- raises, so a bad value cannot produce an error message that echoes anything.
--
-- SECURITY DEFINER so that it, and only it, reads the owner's key; search_path pinned to
-- pg_catalog with pg_temp last, and every name it uses schema-qualified. PL/pgSQL, so the key's
-- lookup is planned once per connection. A call costs about 20 microseconds of the database's CPU
-- (db/README.md has the figures). STABLE: policies call it bare (V058), and next to a
-- query's own `clinic_id = ?` the planner evaluates it once per statement, as a one-time filter,
-- keeping the (clinic_id, ...) index scans (TenantContextPlanTest checks the plans).
--
-- What this does not stop is in db/README.md ("The clinic context"): an injection inside clinic
-- X's own transaction still reaches X's rows.
CREATE OR REPLACE FUNCTION santkrupa.current_clinic_id()
  RETURNS uuid
  LANGUAGE plpgsql
  STABLE
  SECURITY DEFINER
  PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  context text := pg_catalog.current_setting('app.clinic_context', true);
  inner_pad bytea;
  outer_pad bytea;
BEGIN
  -- the shape, with plain string functions: a regular expression here cost more than the HMAC
  IF context IS NULL OR length(context) <> 112
     OR substr(context, 37, 1) <> '.' OR substr(context, 48, 1) <> '.'
     OR translate(substr(context, 38, 10), '0123456789', '') <> ''
     OR translate(substr(context, 49, 64), '0123456789abcdef', '') <> '' THEN
    RETURN NULL;
  END IF;
  IF abs(substr(context, 38, 10)::bigint - extract(epoch FROM transaction_timestamp())) > 30 THEN
    RETURN NULL;
  END IF;
  SELECT k.inner_pad, k.outer_pad INTO inner_pad, outer_pad FROM santkrupa_private.tenant_context_key AS k;
  -- HMAC-SHA256 (RFC 2104); the clinic part is only cast to uuid once the MAC says the
  -- application wrote it
  IF inner_pad IS NOT NULL
     AND sha256(outer_pad || sha256(inner_pad || convert_to(substr(context, 1, 47), 'UTF8')))
         = decode(substr(context, 49, 64), 'hex') THEN
    RETURN substr(context, 1, 36)::uuid;
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION santkrupa.current_clinic_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santkrupa.current_clinic_id() TO santkrupa_app;
