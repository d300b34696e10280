-- NotifiedCacheTest: a table whose changes are announced the way the services' views are (a trigger's NOTIFY).
CREATE TABLE watched_value (
    key    VARCHAR(100) PRIMARY KEY,
    value  VARCHAR(100) NOT NULL
);
CREATE FUNCTION notify_watched_value_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('watched_value_changed', OLD.key);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER watched_value_changed AFTER UPDATE OR DELETE ON watched_value
    FOR EACH ROW EXECUTE FUNCTION notify_watched_value_changed();
