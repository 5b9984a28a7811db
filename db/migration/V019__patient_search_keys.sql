-- Reception finds a patient by name prefix or phone prefix, fast in a clinic of 100k patients.
--
-- Under forced RLS the planner turns a predicate into an index condition only when every
-- function in it that touches a column is LEAKPROOF. lower(), regexp_replace() and LIKE are
-- not, so `lower(last_name) LIKE 'pat%'` -- and even `lower(last_name) >= 'pat'` on an
-- expression index -- ends as a filter over every patient of the clinic. The search therefore
-- compares stored keys with the plain text operators (text_ge, text_lt: LEAKPROOF): a prefix p
-- is the range key >= p AND key < p || U+10FFFF. COLLATE "C" orders the keys by code point,
-- which makes that range exactly the keys starting with p, whatever the database's collation.
-- The keys are generated columns, so no writer can let them drift from the names.

ALTER TABLE santkrupa.patient
  ADD COLUMN last_name_key  text COLLATE "C" GENERATED ALWAYS AS (lower(last_name)) STORED,
  ADD COLUMN first_name_key text COLLATE "C" GENERATED ALWAYS AS (lower(first_name)) STORED,
  -- the digits only: "+91 98200 00001" and "919820000001" are the same number
  ADD COLUMN phone_key      text COLLATE "C" GENERATED ALWAYS AS (regexp_replace(phone, '[^0-9]', '', 'g')) STORED;

-- replaced by the key indexes: under RLS the prefix search could not use them
DROP INDEX santkrupa.patient_phone_idx;
DROP INDEX santkrupa.patient_name_idx;

-- last-name prefix, and the alphabetical order of every name search (keyset on the whole key)
CREATE INDEX patient_last_name_key_idx ON santkrupa.patient (clinic_id, last_name_key, first_name_key, id);
-- first-name prefix
CREATE INDEX patient_first_name_key_idx ON santkrupa.patient (clinic_id, first_name_key);
-- phone prefix, in phone order (keyset on phone and id); also the duplicate check at registration
CREATE INDEX patient_phone_key_idx ON santkrupa.patient (clinic_id, phone_key, id);
