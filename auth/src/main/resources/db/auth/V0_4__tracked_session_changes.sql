-- Every replica keeps the sessions it has read in memory (TrackedSessions): a transaction that revokes or erases a
-- session tells them at its commit, with the session's id. A new session needs no word: only sessions found are kept.
CREATE FUNCTION notify_tracked_session_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tracked_session_changed', OLD.session_id::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tracked_session_changed AFTER UPDATE OR DELETE ON tracked_session
    FOR EACH ROW EXECUTE FUNCTION notify_tracked_session_changed();
