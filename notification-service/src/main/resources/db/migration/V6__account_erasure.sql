-- Whose message each sandbox message was, so that erasing an account finds them all (old addresses included).
ALTER TABLE sandbox_message ADD COLUMN account_id CHAR(10);
CREATE INDEX sandbox_message_by_account ON sandbox_message (account_id);
