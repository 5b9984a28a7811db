-- Each clinic keeps its own time zone: its "today", its daily tokens and its month boundaries
-- are local ones, while stored times stay timestamptz. Every clinic so far is in India.
-- The platform sets it when it onboards a clinic; provision_clinic (V034) refuses a zone the
-- server does not know, this CHECK only keeps the shape of an IANA name.

ALTER TABLE santkrupa.clinic
  ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Kolkata',
  ADD CONSTRAINT clinic_time_zone_format CHECK (time_zone ~ '^(UTC|[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+){1,2})$');
