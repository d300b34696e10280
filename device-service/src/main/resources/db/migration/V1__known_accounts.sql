-- What device-service knows of accounts, from account-service's events: enough to bind phones to real accounts.
CREATE TABLE known_account (
    account_id     CHAR(10)    PRIMARY KEY,
    registered_at  TIMESTAMPTZ NOT NULL,
    known_since    TIMESTAMPTZ NOT NULL
);
