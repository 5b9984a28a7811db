-- The request fingerprint of an Idempotency-Key is an HMAC-SHA256 under a server key, not a
-- plain SHA-256: a create's body may hold a secret (a new account's initial password), and a
-- plain hash of a body whose other fields are readable elsewhere would let anyone who reads this
-- table test password guesses at the speed of SHA-256. The name says what the column holds.

ALTER TABLE santkrupa.api_idempotency_key RENAME COLUMN request_sha256 TO request_hmac;
ALTER TABLE santkrupa.api_idempotency_key
  RENAME CONSTRAINT api_idempotency_key_sha256_length TO api_idempotency_key_hmac_length;
