-- Shared by every service through the auth module (applied out of order into databases made before it).

-- The per-client-address limits (@PerClientLimit): one row per limit, address and minute, counted by every
-- replica of the service in one atomic upsert, so the limit holds however many replicas serve the address.
-- Unlogged: a count lives for a minute or two, so it is not worth WAL on every limited request; after a crash the
-- table starts empty, which merely gives every address a fresh window. Rows older than the previous minute are
-- deleted by every replica about once a minute; the address is kept no longer than that.
CREATE UNLOGGED TABLE client_limit_window (
    limit_name    TEXT        NOT NULL,
    client        TEXT        NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    calls         INTEGER     NOT NULL,
    PRIMARY KEY (limit_name, client, window_start)
);
CREATE INDEX client_limit_window_by_start ON client_limit_window (window_start);
