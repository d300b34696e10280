-- Codes serve password resets and contact changes: request_id is the reset's or the change's id, purpose says which.
ALTER TABLE verification_code RENAME COLUMN reset_id TO request_id;
ALTER TABLE verification_code ADD COLUMN purpose VARCHAR(16) NOT NULL DEFAULT 'PASSWORD_RESET';
ALTER TABLE verification_code ALTER COLUMN purpose DROP DEFAULT;
DROP INDEX verification_code_by_account;
CREATE INDEX verification_code_by_account ON verification_code (account_id, purpose, created_at DESC);

-- One CONTACT_CHANGED alert per change, even when the change is announced twice.
CREATE TABLE contact_change_alert (
    change_id   VARCHAR(64) PRIMARY KEY,
    account_id  CHAR(10)    NOT NULL,
    alerted_at  TIMESTAMPTZ NOT NULL
);
