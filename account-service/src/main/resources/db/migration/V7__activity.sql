-- Security activity: a projection of the account's events (this service's and device-service's), one row per
-- event, keyed by the event's id so that a redelivery or a replay adds nothing; kept 90 days.
CREATE TABLE activity (
    event_id    VARCHAR(200) PRIMARY KEY,
    account_id  CHAR(10)     NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    at          TIMESTAMPTZ  NOT NULL,   -- when it happened: the event's time, so a replay rebuilds it identically
    device_id   VARCHAR(64),
    model       VARCHAR(100),
    flow_id     VARCHAR(64)
);
CREATE INDEX activity_by_account ON activity (account_id, at DESC, event_id DESC);
CREATE INDEX activity_by_time ON activity (at);
