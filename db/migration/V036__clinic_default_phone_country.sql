-- Each clinic has a default phone country: the country of the numbers its desk types without a
-- country code ("98200 11001" at a clinic in India is +91 98200 11001). Patients' numbers are
-- stored in E.164 (+919820011001), read and shown with libphonenumber in that country's way.
-- Every clinic so far is in India. The platform sets it when it onboards a clinic; the
-- application accepts only a country libphonenumber knows, this CHECK keeps the shape of an
-- ISO 3166-1 alpha-2 code. Nobody changes it afterwards: the app role has no UPDATE on it.

ALTER TABLE santkrupa.clinic
  ADD COLUMN default_phone_country text NOT NULL DEFAULT 'IN',
  ADD CONSTRAINT clinic_default_phone_country_format CHECK (default_phone_country ~ '^[A-Z]{2}$');

-- provision_clinic (V034) takes the country too: the same function with one more parameter,
-- after the time zone; its grants as before
DROP FUNCTION santkrupa_platform.provision_clinic(uuid, text, text, text, text, text, text, text, text, text,
  text, text, text, text, date, integer, integer, integer, uuid, text, text, text, uuid, bytea, timestamptz, uuid, uuid,
  text, text);

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
  p_phone_country        text,
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
                                registration_number, time_zone, default_phone_country, subscription_status,
                                subscription_ends_on, max_doctors, max_patients, max_receptionists)
  VALUES (p_clinic_id, p_slug, p_code, p_name, p_address, p_city, p_state, p_postal_code, p_phone, p_email, p_website,
          p_registration_number, p_time_zone, p_phone_country, p_subscription_status, p_subscription_ends_on,
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

REVOKE ALL ON FUNCTION santkrupa_platform.provision_clinic(uuid, text, text, text, text, text, text, text, text, text,
  text, text, text, text, text, date, integer, integer, integer, uuid, text, text, text, uuid, bytea, timestamptz, uuid,
  uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santkrupa_platform.provision_clinic(uuid, text, text, text, text, text, text, text, text, text,
  text, text, text, text, text, date, integer, integer, integer, uuid, text, text, text, uuid, bytea, timestamptz, uuid,
  uuid, text, text) TO santkrupa_platform;
