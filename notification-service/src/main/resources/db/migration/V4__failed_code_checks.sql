-- Each wrong code check of an account, whatever the code: past miaccount.code.daily-failure-cap in the last 24 h,
-- every check of the account's codes is EXHAUSTED. Rows older than the window go as new ones arrive.
CREATE TABLE failed_code_check (
    id          UUID        PRIMARY KEY,
    account_id  CHAR(10)    NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX failed_code_check_by_account ON failed_code_check (account_id, failed_at);
