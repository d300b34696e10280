-- The flow that last changed the phone, so that repeating a finished request answers with its flow.
ALTER TABLE device ADD COLUMN last_flow_id VARCHAR(64);

-- Bootloader-unlock grants: who was allowed to unlock which phone, and when.
CREATE TABLE bootloader_grant (
    id          UUID        PRIMARY KEY,
    device_id   VARCHAR(64) NOT NULL,
    account_id  CHAR(10)    NOT NULL,
    granted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX bootloader_grant_by_device ON bootloader_grant (device_id, account_id);
