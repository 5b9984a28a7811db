-- The clinic registry: one row per clinic (tenant). Not a tenant table itself (its id IS the
-- clinic id), but under forced RLS like everything else: the app role sees only the row of
-- the current clinic, the platform role manages all of them.

CREATE TABLE santkrupa.clinic (
  id                   uuid        NOT NULL,
  slug                 text        NOT NULL,
  code                 text        NOT NULL,
  name                 text        NOT NULL,
  address              text        NOT NULL DEFAULT '',
  city                 text        NOT NULL DEFAULT '',
  state                text        NOT NULL DEFAULT '',
  postal_code          text        NOT NULL DEFAULT '',
  phone                text        NOT NULL DEFAULT '',
  email                text        NOT NULL DEFAULT '',
  website              text        NOT NULL DEFAULT '',
  registration_number  text        NOT NULL,
  subscription_status  text        NOT NULL DEFAULT 'trial',
  subscription_ends_on date,
  max_doctors          integer     NOT NULL DEFAULT 10,
  max_patients         integer     NOT NULL DEFAULT 500,
  max_receptionists    integer     NOT NULL DEFAULT 5,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer     NOT NULL DEFAULT 1,
  CONSTRAINT clinic_pk PRIMARY KEY (id),
  -- the slug appears in every URL: lower-case letters, digits and inner hyphens
  CONSTRAINT clinic_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  CONSTRAINT clinic_slug_uk UNIQUE (slug),
  -- the code appears in patient codes PT-<code>-<year>-<seq>
  CONSTRAINT clinic_code_format CHECK (code ~ '^[A-Z0-9]{2,12}$'),
  CONSTRAINT clinic_code_uk UNIQUE (code),
  CONSTRAINT clinic_registration_number_uk UNIQUE (registration_number),
  CONSTRAINT clinic_name_present CHECK (length(btrim(name)) > 0),
  CONSTRAINT clinic_subscription_status_valid
    CHECK (subscription_status IN ('trial', 'active', 'expired', 'suspended')),
  CONSTRAINT clinic_limits_valid
    CHECK (max_doctors >= 0 AND max_patients >= 0 AND max_receptionists >= 0)
);

ALTER TABLE santkrupa.clinic ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.clinic FORCE ROW LEVEL SECURITY;

CREATE POLICY clinic_app ON santkrupa.clinic
  TO santkrupa_app
  USING (id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (id = (SELECT santkrupa.current_clinic_id()));

-- onboarding, suspension and offboarding are the platform console's job
CREATE POLICY clinic_platform ON santkrupa.clinic
  TO santkrupa_platform
  USING (true)
  WITH CHECK (true);

CREATE POLICY clinic_reporting ON santkrupa.clinic
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

-- lets resolve_clinic() (SECURITY DEFINER, owned by the owner) read slugs: FORCE RLS
-- applies to the owner too. The owner role logs in only to run migrations.
CREATE POLICY clinic_owner_resolve ON santkrupa.clinic
  FOR SELECT
  TO santkrupa_owner
  USING (true);

-- a clinic admin edits the clinic's own contact details, never its subscription or limits
GRANT SELECT ON santkrupa.clinic TO santkrupa_app;
GRANT UPDATE (name, address, city, state, postal_code, phone, email, website, updated_at, version)
  ON santkrupa.clinic TO santkrupa_app;
GRANT SELECT, INSERT, UPDATE ON santkrupa.clinic TO santkrupa_platform;
GRANT SELECT ON santkrupa.clinic TO santkrupa_reporting;

-- Resolving a URL's slug happens before any clinic is set, so it cannot go through RLS as
-- the app role. This narrow SECURITY DEFINER function answers only "which id, which status"
-- for one slug -- never the clinic's other columns, never a list.
CREATE FUNCTION santkrupa.resolve_clinic(p_slug text)
  RETURNS TABLE (clinic_id uuid, subscription_status text)
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT c.id, c.subscription_status
    FROM santkrupa.clinic AS c
   WHERE c.slug = p_slug
$$;

REVOKE ALL ON FUNCTION santkrupa.resolve_clinic(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santkrupa.resolve_clinic(text) TO santkrupa_app, santkrupa_platform;
