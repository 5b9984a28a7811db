-- The clinic's logo, shown beside its name in the page header of its signed-in users (issue 10).
-- The image is one of the clinic's own stored files (V011), under the same RLS, size limit and
-- type allow-list as report files. The key pairs the registry's id with the file's clinic_id,
-- so the logo can only ever be a file of the same clinic; NULL is "no logo".

ALTER TABLE santkrupa.clinic ADD COLUMN logo_file_id uuid;

ALTER TABLE santkrupa.clinic
  ADD CONSTRAINT clinic_logo_file_fk FOREIGN KEY (id, logo_file_id)
    REFERENCES santkrupa.stored_file (clinic_id, id);
