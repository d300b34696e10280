-- The outbox relay without a transaction across Kafka sends (see messaging/README.md).

-- A row that failed waits until then; its key waits with it (per-key order), the other keys go on.
ALTER TABLE outbox_event ADD COLUMN next_attempt_at TIMESTAMPTZ;
CREATE INDEX outbox_event_unpublished_by_key ON outbox_event (topic, message_key, seq) WHERE published_at IS NULL;

-- One replica relays at a time: the holder of this lease, which it renews while it lives; another replica takes
-- it over once it has expired.
CREATE TABLE outbox_relay_lease (
    name        VARCHAR(50)  PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
