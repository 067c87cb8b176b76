-- H2's event column is widened at this version; PostgreSQL's is TEXT already. The same version on both databases keeps
-- their schema versions equal, so that a backup of one restores into the other.
SELECT 1;
