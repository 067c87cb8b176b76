-- One row whose number moves in the same transaction as every change to who may do what (users, roles, teams,
-- managers, roles' rights, record shares, revoked tokens). Each running instance keeps tokens, users, their reach and
-- the rights in memory and compares this number at most once a second: when it moved, it forgets what it kept.
-- The row is written by the first change, so that a new database stays empty (a restore needs one).
CREATE TABLE identity_generation (
    id         INTEGER PRIMARY KEY,
    generation BIGINT  NOT NULL
);
