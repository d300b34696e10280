-- Shared by every service through the auth module (applied out of order into databases made before it).

-- account-service's sessions as its events tell them: a revoked session's token is refused at once.
CREATE TABLE tracked_session (
    session_id  UUID        PRIMARY KEY,
    account_id  CHAR(10)    NOT NULL,
    device_id   VARCHAR(64),
    revoked     BOOLEAN     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Step-up tokens are single use: the id of each one used, until it would have expired anyway.
CREATE TABLE used_step_up (
    token_id    VARCHAR(64) PRIMARY KEY,
    session_id  UUID        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX used_step_up_by_expiry ON used_step_up (expires_at);
