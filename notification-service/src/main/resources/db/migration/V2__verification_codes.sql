-- One verification code per password reset: only its keyed hash, never the code.
CREATE TABLE verification_code (
    reset_id          VARCHAR(64)  PRIMARY KEY,
    account_id        CHAR(10)     NOT NULL,
    code_hash         CHAR(64)     NOT NULL,
    destination_hash  CHAR(64)     NOT NULL,
    state             VARCHAR(10)  NOT NULL,
    failed_attempts   INT          NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ  NOT NULL,
    expires_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX verification_code_by_account ON verification_code (account_id, created_at DESC);
CREATE INDEX verification_code_by_destination ON verification_code (destination_hash, created_at DESC);
