-- Reception finds a patient by the last digits of her phone ("11001"), however the number was
-- typed or stored. Under forced RLS a predicate becomes an index condition only when every function
-- in it that reads a column is LEAKPROOF (V019): `phone_key LIKE '%11001'` and
-- `reverse(phone_key) >= ...` are not. So the digits are kept reversed in a generated key as well,
-- and "ends with s" is the prefix range on it, exactly as V019's prefixes: reverse(s) is the
-- range phone_suffix_key >= reverse(s) AND phone_suffix_key < reverse(s) || U+10FFFF (text_ge,
-- text_lt: LEAKPROOF; COLLATE "C": by code point).
--
-- Adding a stored generated column rewrites the table once, under its lock, like V019.

ALTER TABLE santkrupa.patient
  ADD COLUMN phone_suffix_key text COLLATE "C"
    GENERATED ALWAYS AS (reverse(regexp_replace(phone, '[^0-9]', '', 'g'))) STORED;

-- trailing digits, in the order of the reversed digits (keyset on the key and id)
CREATE INDEX patient_phone_suffix_key_idx ON santkrupa.patient (clinic_id, phone_suffix_key, id);
