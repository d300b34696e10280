CREATE TABLE note (
    id    BIGSERIAL PRIMARY KEY,
    key   VARCHAR(100) NOT NULL,
    text  VARCHAR(200) NOT NULL
);
-- Deliberately not idempotent by itself: a second application of an event would show as count 2.
CREATE TABLE effect_counter (
    subject VARCHAR(100) PRIMARY KEY,
    count   INTEGER NOT NULL
);
