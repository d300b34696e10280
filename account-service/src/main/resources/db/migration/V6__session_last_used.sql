-- When a session was last used, kept to within a few minutes (written at most once per interval, not per request).
ALTER TABLE session ADD COLUMN last_used_at TIMESTAMPTZ;
