-- Web and device sessions. A token names its session (sid); a revoked session's tokens are refused at once.
CREATE TABLE session (
    session_id    UUID        PRIMARY KEY,
    account_id    CHAR(10)    NOT NULL REFERENCES account (account_id),
    kind          VARCHAR(8)  NOT NULL,           -- WEB or DEVICE
    device_id     VARCHAR(64),
    device_model  VARCHAR(100),
    rom_region    VARCHAR(16),
    find_device   BOOLEAN,
    opened_at     TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoke_reason VARCHAR(32),
    CONSTRAINT device_session_names_device CHECK ((kind = 'DEVICE') = (device_id IS NOT NULL))
);
CREATE INDEX session_active_by_account ON session (account_id) WHERE revoked_at IS NULL;
CREATE INDEX session_active_by_device ON session (device_id) WHERE revoked_at IS NULL AND device_id IS NOT NULL;

-- Brute-force protection per account: consecutive failures and a temporary lockout that grows with them.
CREATE TABLE sign_in_failure (
    account_id            CHAR(10)    PRIMARY KEY REFERENCES account (account_id),
    consecutive_failures  INTEGER     NOT NULL,
    locked_until          TIMESTAMPTZ,
    last_failure_at       TIMESTAMPTZ NOT NULL
);
