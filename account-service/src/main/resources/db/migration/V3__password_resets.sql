-- A password reset of an existing account; its code lives in notification-service, bound to reset_id.
CREATE TABLE password_reset (
    reset_id      UUID        PRIMARY KEY,
    account_id    CHAR(10)    NOT NULL REFERENCES account (account_id),
    requested_at  TIMESTAMPTZ NOT NULL,
    status        VARCHAR(16) NOT NULL,          -- PENDING, COMPLETED, EXHAUSTED
    completed_at  TIMESTAMPTZ
);

-- Reset requests per identifier, known or unknown alike, for the cooldown and the hourly cap. The identifier is
-- kept as a SHA-256 digest: this table only needs to recognise it.
CREATE TABLE password_reset_request (
    identifier_digest  CHAR(64)    NOT NULL,
    requested_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_reset_request_by_identifier ON password_reset_request (identifier_digest, requested_at DESC);
