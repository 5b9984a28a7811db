-- A short code beside a clinic's one-time link: a patient invited at the desk gets both, the
-- link to open on a phone and a code the desk can read out or print (12 characters, 60
-- random bits), which the patient types on a page reached from the clinic's sign-in page.
-- Only an HMAC of the code is stored, under a key derived from the application's signing key
-- (so a copy of the database cannot be brute-forced for codes), and like the link the code
-- works once, until the invitation expires or a newer one revokes it. Platform links have no
-- code: their person gets the link, never something to read out.

ALTER TABLE santkrupa.account_invitation ADD COLUMN code_hash bytea;

ALTER TABLE santkrupa.account_invitation
  ADD CONSTRAINT account_invitation_code_hash_length CHECK (code_hash IS NULL OR octet_length(code_hash) = 32),
  ADD CONSTRAINT account_invitation_code_only_from_clinic CHECK (code_hash IS NULL OR issued_by = 'clinic');

CREATE UNIQUE INDEX account_invitation_code_hash_uk ON santkrupa.account_invitation (clinic_id, code_hash);

-- reporting's column grants (V031) leave code_hash out, as they leave token_hash out
