-- POST /logout names no clinic: the session cookie carries the clinic's id. It was used for a
-- tenant transaction as it came, unresolved. Now the id is turned back into the clinic's slug,
-- and the slug resolved like any URL's (resolve_clinic: id, status), so the cookie's clinic goes
-- through the same resolution as every other route and nothing is opened for an unknown one.
-- Like resolve_clinic, this answers one thing for one clinic -- its slug, already public in its
-- URLs -- never its other columns, never a list; NULL for an id that is no clinic's.
CREATE FUNCTION santkrupa.clinic_slug(p_clinic_id uuid)
  RETURNS text
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT c.slug
    FROM santkrupa.clinic AS c
   WHERE c.id = p_clinic_id
$$;

REVOKE ALL ON FUNCTION santkrupa.clinic_slug(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santkrupa.clinic_slug(uuid) TO santkrupa_app;
