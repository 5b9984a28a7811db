-- A patient who does not know her date of birth gives her age instead. The age is kept as an
-- approximate date of birth (1 July of the year that makes her that old on the day she gave it),
-- so that her age keeps counting up, and this flag says the date is only an estimate: pages show
-- "approx. 45 y" and "born about 1980", never a precise-looking 1980-07-01.

ALTER TABLE santkrupa.patient
  ADD COLUMN date_of_birth_approximate boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT patient_approximate_date_of_birth_present
    CHECK (NOT date_of_birth_approximate OR date_of_birth IS NOT NULL);
