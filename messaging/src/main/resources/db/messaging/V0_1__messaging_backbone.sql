-- The messaging backbone's tables, in every service's own database (see messaging/README.md).

-- Transactional outbox: written in the same transaction as the state change it announces.
CREATE TABLE outbox_event (
    seq           BIGSERIAL PRIMARY KEY,           -- publication order, which keeps per-key order
    id            UUID        NOT NULL UNIQUE,     -- the CloudEvents id
    topic         VARCHAR(200) NOT NULL,
    message_key   VARCHAR(200) NOT NULL,
    type          VARCHAR(200) NOT NULL,
    subject       VARCHAR(200) NOT NULL,
    flow_id       VARCHAR(64)  NOT NULL,
    payload       TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    published_at  TIMESTAMPTZ,
    attempts      INTEGER      NOT NULL DEFAULT 0,
    last_error    VARCHAR(500)
);
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;

-- The relay listens on this channel; NOTIFY is delivered only when the inserting transaction commits.
CREATE FUNCTION outbox_event_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_event_inserted AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- Idempotent consumer: an event's id is recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    consumer      VARCHAR(100) NOT NULL,
    event_id      VARCHAR(200) NOT NULL,
    processed_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
