-- Phones, as device-service knows them. owner_account_id is the account the phone belongs to now (BOUND,
-- SIGNING_OUT, DELETING, LOCKED); last_owner_account_id the account it belonged to last.
CREATE TABLE device (
    device_id              VARCHAR(64)  PRIMARY KEY,
    model                  VARCHAR(100) NOT NULL,
    rom_region             VARCHAR(16)  NOT NULL,
    state                  VARCHAR(16)  NOT NULL,
    owner_account_id       CHAR(10),
    last_owner_account_id  CHAR(10),
    find_device            BOOLEAN      NOT NULL,
    bound_at               TIMESTAMPTZ,
    last_data_choice       VARCHAR(8),
    pending_flow_id        VARCHAR(64),
    pending_data_choice    VARCHAR(8),
    bound_session_id       UUID,
    updated_at             TIMESTAMPTZ  NOT NULL,
    version                BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX device_by_owner ON device (owner_account_id);

-- account-service's sessions, from its events: a session known to be revoked is refused here at once.
CREATE TABLE session_view (
    session_id  UUID        PRIMARY KEY,
    account_id  CHAR(10)    NOT NULL,
    device_id   VARCHAR(64),
    revoked     BOOLEAN     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
