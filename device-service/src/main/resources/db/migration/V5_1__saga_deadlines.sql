-- Sign-out and deletion flows have deadlines (see device-service/README.md, "Flows that do not finish").
ALTER TABLE device ADD COLUMN flow_requested_at TIMESTAMPTZ;  -- when the pending flow was asked for
ALTER TABLE device ADD COLUMN flow_deadline_at  TIMESTAMPTZ;  -- when the sweep looks at it next
ALTER TABLE device ADD COLUMN flow_attempts     INTEGER NOT NULL DEFAULT 0;  -- requests sent so far
ALTER TABLE device ADD COLUMN flow_stuck        BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX device_flow_deadline ON device (flow_deadline_at) WHERE flow_deadline_at IS NOT NULL;

-- Flows left unfinished before deadlines existed are asked for again at once.
UPDATE device SET flow_requested_at = updated_at, flow_deadline_at = now(), flow_attempts = 1
 WHERE state IN ('SIGNING_OUT', 'DELETING');
