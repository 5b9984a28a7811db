-- The lab's history: completed orders, newest first, one keyset page at a time
-- (completed_at, id), in a clinic with years of orders.

CREATE INDEX test_order_completed_idx
  ON santkrupa.test_order (clinic_id, completed_at DESC, id DESC)
  WHERE status = 'completed';
