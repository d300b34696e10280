CREATE TABLE account (
    account_id     CHAR(10)     PRIMARY KEY,
    email          VARCHAR(254),
    phone          VARCHAR(16),
    password_hash  VARCHAR(200) NOT NULL,
    display_name   VARCHAR(64),
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    CONSTRAINT account_has_contact CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
-- email is stored trimmed and lower-cased, so equality is case-insensitive
CREATE UNIQUE INDEX account_email_unique ON account (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX account_phone_unique ON account (phone) WHERE phone IS NOT NULL;
