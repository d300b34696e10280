-- Brute-force protection per account, and per identifier that matches no account (so that an unknown identifier
-- locks like a known one and tells nothing). An attempt is counted before its password is hashed, in one
-- statement, so parallel attempts cannot overtake the limit.
CREATE TABLE sign_in_attempt (
    subject               VARCHAR(80) PRIMARY KEY,   -- accountId, or 'unknown:' + SHA-256 of the identifier
    consecutive_failures  INTEGER     NOT NULL,
    locked_until          TIMESTAMPTZ,
    last_failure_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_attempt_by_last_failure ON sign_in_attempt (last_failure_at);

DROP TABLE sign_in_failure;
