-- One row whose number moves in the same transaction as every change to who may do what (users, roles, teams,
-- managers, roles' rights, record shares, revoked tokens). Each running instance keeps tokens, users, their reach and
-- the rights in memory and compares this number at most once a second: when it moved, it forgets what it kept.
CREATE TABLE identity_generation (
    id         INTEGER PRIMARY KEY,
    generation BIGINT  NOT NULL
);
INSERT INTO identity_generation (id, generation) VALUES (1, 0);
