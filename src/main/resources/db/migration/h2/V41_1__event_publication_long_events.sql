-- An event may be longer than 4,000 characters: an import's batch names every customer it wrote (300 ids are about
-- 12,000 characters). At 4,000 every batch of an import on H2 failed as a whole and went again a row at a time.
-- PostgreSQL's column is TEXT already.
ALTER TABLE event_publication ALTER COLUMN serialized_event SET DATA TYPE VARCHAR(1000000);
