-- My Devices is kept in memory per account (MyDevices): a transaction that changes a phone tells every replica at
-- its commit which accounts' lists changed (the owner before and after; one notification per account and commit).
CREATE FUNCTION notify_device_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.owner_account_id IS NOT NULL THEN
        PERFORM pg_notify('device_changed', OLD.owner_account_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.owner_account_id IS NOT NULL THEN
        PERFORM pg_notify('device_changed', NEW.owner_account_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER device_changed AFTER INSERT OR UPDATE OR DELETE ON device
    FOR EACH ROW EXECUTE FUNCTION notify_device_changed();
