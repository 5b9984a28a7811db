-- Every change the platform makes to a clinic's subscription or limits, with its reason, kept
-- as the clinic's own history: the clinic admin reads it on the settings page (why is the
-- clinic read-only? since when may it have ten doctors?). Written only by the platform's
-- functions (V034), which run as the owner; the app role reads its own clinic's rows.

CREATE TABLE santkrupa.clinic_subscription_change (
  clinic_id            uuid        NOT NULL,
  id                   uuid        NOT NULL,
  changed_at           timestamptz NOT NULL DEFAULT now(),
  -- onboarded: the first row of every clinic; status: trial/active/expired/suspended; limits: capacity
  kind                 text        NOT NULL,
  from_status          text,
  to_status            text        NOT NULL,
  subscription_ends_on date,
  max_doctors          integer     NOT NULL,
  max_patients         integer     NOT NULL,
  max_receptionists    integer     NOT NULL,
  reason               text        NOT NULL,
  CONSTRAINT clinic_subscription_change_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT clinic_subscription_change_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT clinic_subscription_change_kind_valid CHECK (kind IN ('onboarded', 'status', 'limits')),
  CONSTRAINT clinic_subscription_change_status_valid
    CHECK (to_status IN ('trial', 'active', 'expired', 'suspended')
           AND (from_status IS NULL OR from_status IN ('trial', 'active', 'expired', 'suspended'))),
  CONSTRAINT clinic_subscription_change_limits_valid
    CHECK (max_doctors >= 0 AND max_patients >= 0 AND max_receptionists >= 0),
  CONSTRAINT clinic_subscription_change_reason_present
    CHECK (length(btrim(reason)) BETWEEN 1 AND 500 AND reason !~ '[[:cntrl:]]')
);

CREATE INDEX clinic_subscription_change_time_idx ON santkrupa.clinic_subscription_change (clinic_id, changed_at);

ALTER TABLE santkrupa.clinic_subscription_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.clinic_subscription_change FORCE ROW LEVEL SECURITY;

CREATE POLICY clinic_subscription_change_app ON santkrupa.clinic_subscription_change
  FOR SELECT
  TO santkrupa_app
  USING (clinic_id = (SELECT santkrupa.current_clinic_id()));

CREATE POLICY clinic_subscription_change_reporting ON santkrupa.clinic_subscription_change
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

-- for provision_clinic, change_clinic_subscription and change_clinic_limits (V034) only: the
-- owner logs in only to migrate
CREATE POLICY clinic_subscription_change_owner_append ON santkrupa.clinic_subscription_change
  FOR INSERT
  TO santkrupa_owner
  WITH CHECK (true);

GRANT SELECT ON santkrupa.clinic_subscription_change TO santkrupa_app;
GRANT SELECT ON santkrupa.clinic_subscription_change TO santkrupa_reporting;
