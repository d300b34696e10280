-- The auth module's tracked_session (db/auth) replaces session_view; what this service had learnt moves over.
INSERT INTO tracked_session (session_id, account_id, device_id, revoked, updated_at)
SELECT session_id, account_id, device_id, revoked, updated_at FROM session_view
ON CONFLICT (session_id) DO NOTHING;
DROP TABLE session_view;
