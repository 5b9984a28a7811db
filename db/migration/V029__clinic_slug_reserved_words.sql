-- A slug is the clinic's address (/clinic/<slug>/) and its name at sign-in. Words that name
-- parts of the product, or that a user would take for Santkrupa itself, are never a clinic's.
-- io.santkrupa.clinic.ClinicSlug keeps the same list, to say so next to the field.

ALTER TABLE santkrupa.clinic
  ADD CONSTRAINT clinic_slug_not_reserved CHECK (slug NOT IN (
    'admin', 'administrator', 'api', 'app', 'assets', 'auth', 'billing', 'clinic', 'clinics', 'dashboard',
    'demo', 'docs', 'health', 'help', 'login', 'logout', 'metrics', 'new', 'platform', 'root', 'santkrupa',
    'security', 'signin', 'signup', 'static', 'status', 'superadmin', 'support', 'system', 'webjars', 'www'));
