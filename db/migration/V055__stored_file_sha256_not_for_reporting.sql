-- A file's SHA-256 is a fingerprint of its content: with the CHECK that it matches the content,
-- anyone who can read it can confirm a guessed document (a standard form, a known scan) without
-- reading the file. Reporting keeps what was uploaded, when and how big; not the fingerprint.
-- (The reason V022 moved the API's request hashes to an HMAC.)
REVOKE SELECT (sha256) ON santkrupa.stored_file FROM santkrupa_reporting;
