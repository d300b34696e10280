-- A security alert for an account whose address this service has not learnt yet (its account.registered.v2 still
-- on its way on account-events, read independently of device-events): parked here, in the consumer's transaction,
-- and sent (then deleted) in the transaction that learns the account's contact. It ends FAILED, and is deleted, when
-- the account is erased meanwhile, or at expires_at (miaccount.alert.parked-max-wait) with no contact come.
-- what_happened is the alert's sentence (a phone's model and id, a time): no address, no secret.
CREATE TABLE parked_alert (
    id                 UUID          PRIMARY KEY,
    account_id         CHAR(10)      NOT NULL,
    reason             VARCHAR(64)   NOT NULL,
    preferred_channel  VARCHAR(8)    NOT NULL,
    what_happened      TEXT          NOT NULL,
    flow_id            VARCHAR(64),
    parked_at          TIMESTAMPTZ   NOT NULL,
    expires_at         TIMESTAMPTZ   NOT NULL
);
CREATE INDEX parked_alert_by_account ON parked_alert (account_id, parked_at);
CREATE INDEX parked_alert_by_expiry ON parked_alert (expires_at);
