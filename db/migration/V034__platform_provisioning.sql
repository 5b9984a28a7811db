-- The platform role reaches a clinic only through the functions below, never through its tables.
--
-- Before, the platform role could INSERT a clinic_admin into any clinic whose context it set
-- itself (policy app_user_platform_provision, V005): a platform login, or one SQL injection in
-- the console, could plant an administrator with a chosen password in a clinic full of
-- patients, sign in as it, and no audit row would say so. Now:
--   * it has no privilege on app_user at all, and no longer sets clinic contexts;
--   * the registry is read-only to it: a clinic is born only with its first administrator
--     (provision_clinic), and its subscription and limits change only with a reason
--     (change_clinic_subscription, change_clinic_limits);
--   * a first administrator never gets a password from the platform, only a one-time link to
--     choose one (account_invitation, V031); while they have not used it, the platform may issue
--     a new link (reissue_admin_invitation), and never after;
--   * each of these writes an event into the clinic's own audit log, in the same transaction;
--   * it sees what a clinic uses as counts only (clinic_usage).
--
-- The functions are SECURITY DEFINER, owned by the owner, with a pinned search_path, and
-- executable by the platform role alone. FORCE ROW LEVEL SECURITY applies to the owner too, so
-- they work through the owner policies created here (and in V030, V031), each named *_owner_*
-- and used by nothing else: the owner logs in only to migrate.

DROP POLICY app_user_platform_provision ON santkrupa.app_user;
REVOKE INSERT ON santkrupa.app_user FROM santkrupa_platform;

DROP POLICY clinic_platform ON santkrupa.clinic;
REVOKE INSERT, UPDATE ON santkrupa.clinic FROM santkrupa_platform;
CREATE POLICY clinic_platform_read ON santkrupa.clinic
  FOR SELECT
  TO santkrupa_platform
  USING (true);

-- no clinic context for the platform role any more
REVOKE EXECUTE ON FUNCTION santkrupa.current_clinic_id() FROM santkrupa_platform;

-- what the functions need, and nothing else
CREATE POLICY clinic_owner_provision ON santkrupa.clinic
  FOR INSERT
  TO santkrupa_owner
  WITH CHECK (true);

CREATE POLICY clinic_owner_subscription ON santkrupa.clinic
  FOR UPDATE
  TO santkrupa_owner
  USING (true)
  WITH CHECK (true);

CREATE POLICY app_user_owner_provision ON santkrupa.app_user
  FOR INSERT
  TO santkrupa_owner
  WITH CHECK (role = 'clinic_admin');

-- counts of staff, and whether a first administrator has chosen a password yet
CREATE POLICY app_user_owner_read ON santkrupa.app_user
  FOR SELECT
  TO santkrupa_owner
  USING (true);

CREATE POLICY audit_event_owner_append ON santkrupa.audit_event
  FOR INSERT
  TO santkrupa_owner
  WITH CHECK (actor_role = 'platform');

-- clinic_usage counts these; it returns numbers, never a row
CREATE POLICY patient_owner_count ON santkrupa.patient
  FOR SELECT
  TO santkrupa_owner
  USING (true);

CREATE POLICY patient_visit_owner_count ON santkrupa.patient_visit
  FOR SELECT
  TO santkrupa_owner
  USING (true);

CREATE POLICY stored_file_owner_count ON santkrupa.stored_file
  FOR SELECT
  TO santkrupa_owner
  USING (true);

-- A new clinic and its first administrator, together: the clinic row is inserted first, so an
-- id or slug that exists already fails (23505) and nothing is written; the administrator gets
-- no usable password, only the link whose hash is given. The caller's transaction also writes
-- the platform's own audit event.
CREATE FUNCTION santkrupa_platform.provision_clinic(
  p_clinic_id            uuid,
  p_slug                 text,
  p_code                 text,
  p_name                 text,
  p_address              text,
  p_city                 text,
  p_state                text,
  p_postal_code          text,
  p_phone                text,
  p_email                text,
  p_website              text,
  p_registration_number  text,
  p_time_zone            text,
  p_subscription_status  text,
  p_subscription_ends_on date,
  p_max_doctors          integer,
  p_max_patients         integer,
  p_max_receptionists    integer,
  p_admin_user_id        uuid,
  p_admin_username       text,
  p_admin_full_name      text,
  p_admin_email          text,
  p_invitation_id        uuid,
  p_invitation_hash      bytea,
  p_invitation_expires   timestamptz,
  p_change_id            uuid,
  p_audit_event_id       uuid,
  p_reason               text,
  p_request_id           text)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_timezone_names WHERE name = p_time_zone) THEN
    RAISE EXCEPTION 'unknown time zone' USING ERRCODE = '22023';
  END IF;
  INSERT INTO santkrupa.clinic (id, slug, code, name, address, city, state, postal_code, phone, email, website,
                                registration_number, time_zone, subscription_status, subscription_ends_on,
                                max_doctors, max_patients, max_receptionists)
  VALUES (p_clinic_id, p_slug, p_code, p_name, p_address, p_city, p_state, p_postal_code, p_phone, p_email, p_website,
          p_registration_number, p_time_zone, p_subscription_status, p_subscription_ends_on,
          p_max_doctors, p_max_patients, p_max_receptionists);
  -- '!' never verifies as an Argon2 hash: nobody can sign in until the link was used
  INSERT INTO santkrupa.app_user (clinic_id, id, username, password_hash, role, full_name, email)
  VALUES (p_clinic_id, p_admin_user_id, p_admin_username, '!', 'clinic_admin', p_admin_full_name, p_admin_email);
  INSERT INTO santkrupa.account_invitation (clinic_id, id, user_id, token_hash, issued_by, expires_at)
  VALUES (p_clinic_id, p_invitation_id, p_admin_user_id, p_invitation_hash, 'platform', p_invitation_expires);
  INSERT INTO santkrupa.clinic_subscription_change (clinic_id, id, kind, to_status, subscription_ends_on,
                                                    max_doctors, max_patients, max_receptionists, reason)
  VALUES (p_clinic_id, p_change_id, 'onboarded', p_subscription_status, p_subscription_ends_on,
          p_max_doctors, p_max_patients, p_max_receptionists, p_reason);
  INSERT INTO santkrupa.audit_event (clinic_id, id, actor_role, action, entity_type, entity_id, request_id, detail)
  VALUES (p_clinic_id, p_audit_event_id, 'platform', 'clinic.provisioned', 'app_user', p_admin_user_id, p_request_id,
          'clinic onboarded by the platform; first administrator created with a one-time set-password link');
END
$$;

-- A new link for a clinic's first administrator, only while they have never chosen a password
-- (else 55000, and nothing changes). Older links of theirs are revoked.
CREATE FUNCTION santkrupa_platform.reissue_admin_invitation(
  p_clinic_id          uuid,
  p_invitation_id      uuid,
  p_invitation_hash    bytea,
  p_invitation_expires timestamptz,
  p_audit_event_id     uuid,
  p_request_id         text)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_admin uuid;
BEGIN
  SELECT i.user_id INTO v_admin
    FROM santkrupa.account_invitation AS i
    JOIN santkrupa.app_user AS u ON u.clinic_id = i.clinic_id AND u.id = i.user_id
   WHERE i.clinic_id = p_clinic_id AND i.issued_by = 'platform'
     AND u.password_hash = '!' AND u.last_login_at IS NULL AND u.is_active
   ORDER BY i.created_at
   LIMIT 1;
  IF v_admin IS NULL THEN
    RAISE EXCEPTION 'the first administrator has already chosen a password' USING ERRCODE = '55000';
  END IF;
  UPDATE santkrupa.account_invitation
     SET revoked_at = pg_catalog.now()
   WHERE clinic_id = p_clinic_id AND user_id = v_admin AND issued_by = 'platform'
     AND used_at IS NULL AND revoked_at IS NULL;
  INSERT INTO santkrupa.account_invitation (clinic_id, id, user_id, token_hash, issued_by, expires_at)
  VALUES (p_clinic_id, p_invitation_id, v_admin, p_invitation_hash, 'platform', p_invitation_expires);
  INSERT INTO santkrupa.audit_event (clinic_id, id, actor_role, action, entity_type, entity_id, request_id, detail)
  VALUES (p_clinic_id, p_audit_event_id, 'platform', 'clinic.admin_link_reissued', 'app_user', v_admin, p_request_id,
          'a new one-time set-password link for the first administrator; older links revoked');
END
$$;

-- Trial, active, expired (read-only) or suspended (closed), with the reason the clinic admin
-- will read. Returns the status before the change; no_data_found (P0002) for an unknown clinic,
-- SK409 when the clinic's row is no longer at p_expected_version (someone changed it meanwhile:
-- the caller decided on what it had read, so nothing is changed).
CREATE FUNCTION santkrupa_platform.change_clinic_subscription(
  p_clinic_id        uuid,
  p_expected_version integer,
  p_status           text,
  p_ends_on        date,
  p_reason         text,
  p_change_id      uuid,
  p_audit_event_id uuid,
  p_request_id     text)
  RETURNS text
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_before santkrupa.clinic;
BEGIN
  SELECT * INTO v_before FROM santkrupa.clinic WHERE id = p_clinic_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such clinic' USING ERRCODE = 'P0002';
  END IF;
  IF v_before.version <> p_expected_version THEN
    RAISE EXCEPTION 'the clinic was changed meanwhile' USING ERRCODE = 'SK409';
  END IF;
  UPDATE santkrupa.clinic
     SET subscription_status = p_status, subscription_ends_on = p_ends_on,
         updated_at = pg_catalog.now(), version = version + 1
   WHERE id = p_clinic_id;
  INSERT INTO santkrupa.clinic_subscription_change (clinic_id, id, kind, from_status, to_status, subscription_ends_on,
                                                    max_doctors, max_patients, max_receptionists, reason)
  VALUES (p_clinic_id, p_change_id, 'status', v_before.subscription_status, p_status, p_ends_on,
          v_before.max_doctors, v_before.max_patients, v_before.max_receptionists, p_reason);
  INSERT INTO santkrupa.audit_event (clinic_id, id, actor_role, action, entity_type, entity_id, request_id, detail)
  VALUES (p_clinic_id, p_audit_event_id, 'platform', 'clinic.subscription_changed', 'clinic', p_clinic_id, p_request_id,
          pg_catalog.left(v_before.subscription_status || ' -> ' || p_status || ': ' || p_reason, 500));
  RETURN v_before.subscription_status;
END
$$;

-- The clinic's capacity: active doctors, patients, active receptionists (NULL keeps that limit).
-- A limit below what is in use keeps what exists and refuses more. no_data_found (P0002) for an
-- unknown clinic, SK409 when the row is no longer at p_expected_version.
CREATE FUNCTION santkrupa_platform.change_clinic_limits(
  p_clinic_id         uuid,
  p_expected_version  integer,
  p_max_doctors       integer,
  p_max_patients      integer,
  p_max_receptionists integer,
  p_reason            text,
  p_change_id         uuid,
  p_audit_event_id    uuid,
  p_request_id        text)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_before santkrupa.clinic;
BEGIN
  SELECT * INTO v_before FROM santkrupa.clinic WHERE id = p_clinic_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such clinic' USING ERRCODE = 'P0002';
  END IF;
  IF v_before.version <> p_expected_version THEN
    RAISE EXCEPTION 'the clinic was changed meanwhile' USING ERRCODE = 'SK409';
  END IF;
  UPDATE santkrupa.clinic
     SET max_doctors = coalesce(p_max_doctors, max_doctors), max_patients = coalesce(p_max_patients, max_patients),
         max_receptionists = coalesce(p_max_receptionists, max_receptionists),
         updated_at = pg_catalog.now(), version = version + 1
   WHERE id = p_clinic_id;
  INSERT INTO santkrupa.clinic_subscription_change (clinic_id, id, kind, from_status, to_status, subscription_ends_on,
                                                    max_doctors, max_patients, max_receptionists, reason)
  VALUES (p_clinic_id, p_change_id, 'limits', v_before.subscription_status, v_before.subscription_status,
          v_before.subscription_ends_on, coalesce(p_max_doctors, v_before.max_doctors),
          coalesce(p_max_patients, v_before.max_patients), coalesce(p_max_receptionists, v_before.max_receptionists),
          p_reason);
  INSERT INTO santkrupa.audit_event (clinic_id, id, actor_role, action, entity_type, entity_id, request_id, detail)
  VALUES (p_clinic_id, p_audit_event_id, 'platform', 'clinic.limits_changed', 'clinic', p_clinic_id, p_request_id,
          pg_catalog.left(pg_catalog.format('doctors %s -> %s, patients %s -> %s, receptionists %s -> %s: %s',
                                            v_before.max_doctors, coalesce(p_max_doctors, v_before.max_doctors),
                                            v_before.max_patients, coalesce(p_max_patients, v_before.max_patients),
                                            v_before.max_receptionists,
                                            coalesce(p_max_receptionists, v_before.max_receptionists), p_reason), 500));
END
$$;

-- What each clinic uses, as numbers only: patients, active doctors, active staff (every role but
-- patients), visits this month (in the clinic's time zone) and in all, and bytes of files stored;
-- and whether its first administrator still has to choose a password (with the newest link's
-- expiry), so the console can offer a new link. At most 100 clinics a call (a page of the list).
CREATE FUNCTION santkrupa_platform.clinic_usage(p_clinic_ids uuid[])
  RETURNS TABLE (clinic_id uuid, patients bigint, active_doctors bigint, active_staff bigint,
                 visits_this_month bigint, visits bigint, storage_bytes bigint,
                 admin_link_pending boolean, admin_link_expires_at timestamptz)
  LANGUAGE plpgsql
  STABLE
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF pg_catalog.cardinality(p_clinic_ids) > 100 THEN
    RAISE EXCEPTION 'at most 100 clinics at a time' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT c.id,
         (SELECT count(*) FROM santkrupa.patient AS p WHERE p.clinic_id = c.id),
         (SELECT count(*) FROM santkrupa.app_user AS u
           WHERE u.clinic_id = c.id AND u.role = 'doctor' AND u.is_active),
         (SELECT count(*) FROM santkrupa.app_user AS u
           WHERE u.clinic_id = c.id AND u.role <> 'patient' AND u.is_active),
         (SELECT count(*) FROM santkrupa.patient_visit AS v
           WHERE v.clinic_id = c.id
             AND v.visit_date >= pg_catalog.date_trunc('month', pg_catalog.timezone(c.time_zone, pg_catalog.now()))::date),
         (SELECT count(*) FROM santkrupa.patient_visit AS v WHERE v.clinic_id = c.id),
         (SELECT coalesce(sum(f.size_bytes), 0)::bigint FROM santkrupa.stored_file AS f WHERE f.clinic_id = c.id),
         pending.user_id IS NOT NULL,
         pending.expires_at
    FROM santkrupa.clinic AS c
    LEFT JOIN LATERAL (SELECT i.user_id, i.expires_at
                         FROM santkrupa.account_invitation AS i
                         JOIN santkrupa.app_user AS u ON u.clinic_id = i.clinic_id AND u.id = i.user_id
                        WHERE i.clinic_id = c.id AND i.issued_by = 'platform' AND u.password_hash = '!'
                          AND u.last_login_at IS NULL AND u.is_active
                        ORDER BY i.created_at DESC
                        LIMIT 1) AS pending ON true
   WHERE c.id = ANY (p_clinic_ids);
END
$$;

REVOKE ALL ON FUNCTION santkrupa_platform.provision_clinic(uuid, text, text, text, text, text, text, text, text, text,
  text, text, text, text, date, integer, integer, integer, uuid, text, text, text, uuid, bytea, timestamptz, uuid, uuid,
  text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION santkrupa_platform.reissue_admin_invitation(uuid, uuid, bytea, timestamptz, uuid, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION santkrupa_platform.change_clinic_subscription(uuid, integer, text, date, text, uuid, uuid, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION santkrupa_platform.change_clinic_limits(uuid, integer, integer, integer, integer, text, uuid, uuid, text)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION santkrupa_platform.clinic_usage(uuid[]) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION santkrupa_platform.provision_clinic(uuid, text, text, text, text, text, text, text, text, text,
  text, text, text, text, date, integer, integer, integer, uuid, text, text, text, uuid, bytea, timestamptz, uuid, uuid,
  text, text) TO santkrupa_platform;
GRANT EXECUTE ON FUNCTION santkrupa_platform.reissue_admin_invitation(uuid, uuid, bytea, timestamptz, uuid, text)
  TO santkrupa_platform;
GRANT EXECUTE ON FUNCTION santkrupa_platform.change_clinic_subscription(uuid, integer, text, date, text, uuid, uuid, text)
  TO santkrupa_platform;
GRANT EXECUTE ON FUNCTION santkrupa_platform.change_clinic_limits(uuid, integer, integer, integer, integer, text, uuid, uuid, text)
  TO santkrupa_platform;
GRANT EXECUTE ON FUNCTION santkrupa_platform.clinic_usage(uuid[]) TO santkrupa_platform;
