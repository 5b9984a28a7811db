-- What a person typed into a form of a page and has not saved yet, kept for them alone, so that
-- neither a session that ends while they type nor another form of the same page being saved
-- loses it. The page saves a draft a moment after each change; a Save after the session has
-- ended carries the form through the sign-in, and the draft is kept for the same person only.
-- A draft is deleted when its form is saved, and expires after a day. It holds clinical text
-- like the records it becomes, so it lives under RLS like them and the reporting role never
-- sees it.

CREATE TABLE santkrupa.form_draft (
  clinic_id  uuid        NOT NULL,
  id         uuid        NOT NULL,
  user_id    uuid        NOT NULL,
  -- the page's path (/clinic/{slug}/visits/{id}) and the form's name on it (note)
  page       text        NOT NULL,
  form       text        NOT NULL,
  fields     jsonb       NOT NULL,
  saved_at   timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT form_draft_pk PRIMARY KEY (clinic_id, id),
  -- one draft per person and form
  CONSTRAINT form_draft_form_uk UNIQUE (clinic_id, user_id, page, form),
  CONSTRAINT form_draft_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT form_draft_user_fk FOREIGN KEY (clinic_id, user_id)
    REFERENCES santkrupa.app_user (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT form_draft_page_valid CHECK (page ~ '^/clinic/[a-z0-9-]+/[A-Za-z0-9/_-]*$' AND octet_length(page) <= 300),
  CONSTRAINT form_draft_form_valid CHECK (form ~ '^[a-z][a-z0-9-]{0,39}$'),
  CONSTRAINT form_draft_fields_object CHECK (jsonb_typeof(fields) = 'object'),
  -- the application refuses more; this is the floor a bug or an injection cannot go under
  CONSTRAINT form_draft_fields_size CHECK (pg_column_size(fields) <= 131072),
  CONSTRAINT form_draft_expiry_order CHECK (expires_at > saved_at)
);

ALTER TABLE santkrupa.form_draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.form_draft FORCE ROW LEVEL SECURITY;

CREATE POLICY form_draft_app ON santkrupa.form_draft
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()))
  WITH CHECK (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY form_draft_reporting ON santkrupa.form_draft
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON santkrupa.form_draft TO santkrupa_app;
GRANT SELECT (clinic_id, id, user_id, form, saved_at, expires_at) ON santkrupa.form_draft TO santkrupa_reporting;
