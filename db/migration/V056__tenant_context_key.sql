-- The key that proves a clinic context was issued by the application (V057).
--
-- Until now any SQL running as santkrupa_app could name any clinic: app.clinic_id was an
-- ordinary setting, so one SQL injection anywhere (`SELECT set_config('app.clinic_id', ...)`)
-- undid the isolation. From V057 the clinic context carries an HMAC over the clinic and the time
-- it was issued, and current_clinic_id() verifies it with this key.
--
-- The key lives in a schema of its own that only the owner may use: santkrupa_app has no USAGE
-- on it and no grant on the table, so no statement of the app role -- injected or not -- can
-- read it; only the owner's SECURITY DEFINER current_clinic_id() does. The application reads it
-- once at start, connected as the owner (which migrates at start anyway), and generates it there
-- the first time (io.santkrupa.db.TenantContext). It is stored as HMAC-SHA256's two padded
-- blocks (K xor ipad, K xor opad, RFC 2104 with a 64-byte K), so the function computes the HMAC
-- with two calls of the built-in sha256() and needs no extension.
CREATE SCHEMA santkrupa_private;
REVOKE ALL ON SCHEMA santkrupa_private FROM PUBLIC;

CREATE TABLE santkrupa_private.tenant_context_key (
  singleton  boolean PRIMARY KEY DEFAULT true CONSTRAINT tenant_context_key_one_row CHECK (singleton),
  inner_pad  bytea NOT NULL CONSTRAINT tenant_context_key_inner_pad_block CHECK (length(inner_pad) = 64),
  outer_pad  bytea NOT NULL CONSTRAINT tenant_context_key_outer_pad_block CHECK (length(outer_pad) = 64),
  created_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON santkrupa_private.tenant_context_key FROM PUBLIC;
