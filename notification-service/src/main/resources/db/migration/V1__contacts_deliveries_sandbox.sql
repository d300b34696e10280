-- Where an account can be reached, from account-service's events.
CREATE TABLE account_contact (
    account_id    CHAR(10)     PRIMARY KEY,
    email         VARCHAR(254),
    phone         VARCHAR(16),
    display_name  VARCHAR(64),
    updated_at    TIMESTAMPTZ  NOT NULL
);

-- Every message sent to an account: masked destination only, never a code.
CREATE TABLE delivery (
    id                  UUID         PRIMARY KEY,
    account_id          CHAR(10)     NOT NULL,
    kind                VARCHAR(32)  NOT NULL,
    reason              VARCHAR(64)  NOT NULL,
    channel             VARCHAR(8)   NOT NULL,
    masked_destination  VARCHAR(64)  NOT NULL,
    status              VARCHAR(8)   NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    sent_at             TIMESTAMPTZ,
    failure_reason      VARCHAR(200)
);
CREATE INDEX delivery_by_account ON delivery (account_id, created_at DESC);

-- The sandbox gateway's inbox: what it would have sent, for demos and tests.
CREATE TABLE sandbox_message (
    id          UUID         PRIMARY KEY,
    recipient   VARCHAR(254) NOT NULL,
    channel     VARCHAR(8)   NOT NULL,
    subject     VARCHAR(200),
    body        TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX sandbox_message_by_recipient ON sandbox_message (recipient, created_at DESC);
