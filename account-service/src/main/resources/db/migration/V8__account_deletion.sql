-- Deleting an account (API.md v1.2). While its erasure runs the account is still here, but signs in, resets and
-- answers as an unknown one would.
ALTER TABLE account ADD COLUMN deletion_started_at TIMESTAMPTZ;

-- Each account's data key: personal data in its events is sealed under it (event-contracts' PersonalData), and
-- erasing the account destroys it, so that nothing retained on Kafka can be read again (crypto-shredding).
CREATE TABLE personal_data_key (
    account_id  CHAR(10)    PRIMARY KEY,
    data_key    BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
-- Accounts made before data keys existed get one now (two random UUIDs: 244 random bits).
INSERT INTO personal_data_key (account_id, data_key, created_at)
SELECT account_id,
       decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
       now()
  FROM account;

-- A deletion asked for (a code sent), then confirmed (the flow under way). Dropped with the account.
CREATE TABLE account_deletion (
    deletion_id   UUID        PRIMARY KEY,
    account_id    CHAR(10)    NOT NULL REFERENCES account (account_id),
    state         VARCHAR(12) NOT NULL,          -- PENDING, CONFIRMED, EXHAUSTED, SUPERSEDED
    requested_at  TIMESTAMPTZ NOT NULL,
    flow_id       VARCHAR(64)
);
CREATE INDEX account_deletion_by_account ON account_deletion (account_id);

-- What is left of an erased account: its id, so that it is never given to another account.
CREATE TABLE account_tombstone (
    account_id  CHAR(10)    PRIMARY KEY,
    deleted_at  TIMESTAMPTZ NOT NULL
);
