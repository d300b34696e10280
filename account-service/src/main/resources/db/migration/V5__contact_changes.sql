-- A new email or phone waits here until the code sent to it is confirmed; the profile keeps the old one until then.
CREATE TABLE contact_change (
    change_id     UUID         PRIMARY KEY,
    account_id    CHAR(10)     NOT NULL REFERENCES account (account_id),
    channel       VARCHAR(8)   NOT NULL,        -- EMAIL or SMS: which address changes
    new_value     VARCHAR(254) NOT NULL,
    state         VARCHAR(12)  NOT NULL,        -- PENDING, COMPLETED, EXHAUSTED, SUPERSEDED
    requested_at  TIMESTAMPTZ  NOT NULL,
    completed_at  TIMESTAMPTZ
);
CREATE INDEX contact_change_pending_by_account ON contact_change (account_id) WHERE state = 'PENDING';
