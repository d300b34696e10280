-- A delivery through a real gateway is a durable job: its message waits beside it, encrypted (AES-GCM under
-- miaccount.delivery.encryption-key; payload_key_id names the key), until it is SENT or FAILED, when both are
-- erased. The dispatcher claims due PENDING rows (next_attempt_at <= now, FOR UPDATE SKIP LOCKED), moving
-- next_attempt_at forward by a lease while it sends; a transient failure sets it to the next backoff, and a job
-- not sent by expires_at is FAILED.
ALTER TABLE delivery
    ADD COLUMN payload          BYTEA,
    ADD COLUMN payload_key_id   VARCHAR(16),
    ADD COLUMN flow_id          VARCHAR(64),
    ADD COLUMN attempts         INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  TIMESTAMPTZ,
    ADD COLUMN expires_at       TIMESTAMPTZ,
    ADD COLUMN last_error       VARCHAR(200);

-- Rows left PENDING by the in-memory dispatcher have no message to send: due now, they become FAILED.
UPDATE delivery SET next_attempt_at = created_at, expires_at = created_at WHERE status = 'PENDING';

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
