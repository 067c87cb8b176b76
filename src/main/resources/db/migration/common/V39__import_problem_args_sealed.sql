-- A problem's arguments can quote what a row held (an unknown owner's name, a date that is not one): they are
-- kept encrypted, as the row's cells are.
ALTER TABLE import_problem ALTER COLUMN args SET DATA TYPE TEXT;
