-- The language the customer wrote in (a language tag such as zh-CN), so that replies, survey links and fix notices
-- reach them in it; null for cases staff opened, which use the installation's default.
ALTER TABLE feedback_case ADD COLUMN reporter_locale VARCHAR(20);
