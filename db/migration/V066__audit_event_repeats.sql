-- Repeated identical events summarised. Every refusal of a signed-in user (403, access.denied)
-- used to write its own audit row, so anyone signed in could fill the log by asking again and
-- again for a page their role does not allow. Now the first refusal of a window writes its event
-- as before, and here a row keyed by who, what, which route and which record, and the window;
-- each identical refusal after it within the window only adds one to `times` and moves `last_at`
-- (one statement: INSERT ... ON CONFLICT DO UPDATE). A person hammering one forbidden address
-- writes one event per window, and the log says "refused 37 times between ... and ...". A
-- different record (another id in the address) is another row, and another event.
--
-- A row belongs to its event (1:1, so the log reads both in one join). The app role may update
-- only the count and the last time; the event itself stays append-only. The route is the
-- route's template and the resource the ids in the address ('?' for anything that is not an id):
-- the checks keep any text a person typed (a name in a URL) out of both.

CREATE TABLE santkrupa.audit_event_repeat (
  clinic_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  -- the event written for the window's first one
  event_id      uuid        NOT NULL,
  actor_user_id uuid        NOT NULL,
  action        text        NOT NULL,
  -- 'GET /clinic/{slug}/patients/{patientId}'
  route         text        NOT NULL,
  -- the address's ids in order, '/'-separated; '' for none
  resource      text        NOT NULL,
  window_start  timestamptz NOT NULL,
  times         integer     NOT NULL DEFAULT 1,
  first_at      timestamptz NOT NULL,
  last_at       timestamptz NOT NULL,
  CONSTRAINT audit_event_repeat_pk PRIMARY KEY (clinic_id, id),
  CONSTRAINT audit_event_repeat_window_uk UNIQUE (clinic_id, actor_user_id, action, route, resource, window_start),
  CONSTRAINT audit_event_repeat_clinic_fk FOREIGN KEY (clinic_id) REFERENCES santkrupa.clinic (id),
  CONSTRAINT audit_event_repeat_event_fk FOREIGN KEY (clinic_id, event_id)
    REFERENCES santkrupa.audit_event (clinic_id, id),
  CONSTRAINT audit_event_repeat_actor_fk FOREIGN KEY (clinic_id, actor_user_id)
    REFERENCES santkrupa.app_user (clinic_id, id),
  CONSTRAINT audit_event_repeat_action_format CHECK (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
  CONSTRAINT audit_event_repeat_route_format
    CHECK (route ~ '^(GET|POST|PUT|PATCH|DELETE) /[A-Za-z0-9/{}<>_.-]*$' AND length(route) <= 200),
  CONSTRAINT audit_event_repeat_resource_ids
    CHECK (resource ~ '^(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\?)(/|$))*$'
           AND length(resource) <= 400),
  CONSTRAINT audit_event_repeat_times_positive CHECK (times >= 1),
  CONSTRAINT audit_event_repeat_time_order CHECK (window_start <= first_at AND first_at <= last_at)
);

-- the log's join from an event to its count (one row per event: the statement that writes both)
CREATE INDEX audit_event_repeat_event_idx ON santkrupa.audit_event_repeat (clinic_id, event_id);

ALTER TABLE santkrupa.audit_event_repeat ENABLE ROW LEVEL SECURITY;
ALTER TABLE santkrupa.audit_event_repeat FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_event_repeat_app ON santkrupa.audit_event_repeat
  TO santkrupa_app
  USING (clinic_id = santkrupa.current_clinic_id())
  WITH CHECK (clinic_id = santkrupa.current_clinic_id());

CREATE POLICY audit_event_repeat_reporting ON santkrupa.audit_event_repeat
  FOR SELECT
  TO santkrupa_reporting
  USING (true);

GRANT SELECT, INSERT ON santkrupa.audit_event_repeat TO santkrupa_app;
GRANT UPDATE (times, last_at) ON santkrupa.audit_event_repeat TO santkrupa_app;
GRANT SELECT ON santkrupa.audit_event_repeat TO santkrupa_reporting;
