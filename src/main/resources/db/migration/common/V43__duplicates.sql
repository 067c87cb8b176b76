-- Duplicate matching (module quality). Blocking keys: every customer under each key that may match it to another.
CREATE TABLE duplicate_key (
    match_key   BIGINT NOT NULL,
    customer_id UUID   NOT NULL,
    PRIMARY KEY (match_key, customer_id)
);
CREATE INDEX duplicate_key_customer_idx ON duplicate_key (customer_id);

-- Pairs of customers that share a key and scored above the floor, first_id < second_id as text. A pair marked
-- "not a duplicate" keeps its mark however often it is found again.
CREATE TABLE duplicate_pair (
    first_id     UUID             NOT NULL,
    second_id    UUID             NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    reasons      VARCHAR(300)     NOT NULL,
    found_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    scan_id      UUID,
    dismissed_at TIMESTAMP WITH TIME ZONE,
    dismissed_by UUID,
    PRIMARY KEY (first_id, second_id)
);
CREATE INDEX duplicate_pair_second_idx ON duplicate_pair (second_id);

-- Customers linked by pairs at or above the threshold and not dismissed, for review, best first.
CREATE TABLE duplicate_cluster (
    id       UUID PRIMARY KEY,
    score    DOUBLE PRECISION NOT NULL,
    size     INTEGER          NOT NULL,
    found_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX duplicate_cluster_score_idx ON duplicate_cluster (score, id);

CREATE TABLE duplicate_member (
    cluster_id  UUID NOT NULL REFERENCES duplicate_cluster (id) ON DELETE CASCADE,
    customer_id UUID NOT NULL,
    owner_id    UUID,
    team_id     UUID,
    PRIMARY KEY (cluster_id, customer_id)
);
CREATE INDEX duplicate_member_customer_idx ON duplicate_member (customer_id);
CREATE INDEX duplicate_member_owner_idx ON duplicate_member (owner_id, cluster_id);
CREATE INDEX duplicate_member_team_idx ON duplicate_member (team_id, cluster_id);

-- Scans of all customers: where each one is, so that it goes on after a restart.
CREATE TABLE duplicate_scan (
    id              UUID PRIMARY KEY,
    state           VARCHAR(16) NOT NULL,
    phase           VARCHAR(16) NOT NULL,
    cursor_id       UUID,
    cursor_key      BIGINT,
    customers_total BIGINT      NOT NULL DEFAULT 0,
    customers_done  BIGINT      NOT NULL DEFAULT 0,
    pairs_found     BIGINT      NOT NULL DEFAULT 0,
    clusters_found  BIGINT      NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    created_by      UUID,
    version         INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX duplicate_scan_created_idx ON duplicate_scan (created_at);

-- Managers review duplicates and start scans; sellers review those among their own customers; auditors look.
INSERT INTO role_permission (role, area, operations, record_scope, updated_at)
SELECT 'MANAGER', 'QUALITY', 'READ,CREATE,EDIT', 'ALL', updated_at FROM role_permission
 WHERE role = 'MANAGER' AND area = 'CUSTOMERS';
INSERT INTO role_permission (role, area, operations, record_scope, updated_at)
SELECT 'SALES', 'QUALITY', 'READ,EDIT', 'OWN', updated_at FROM role_permission
 WHERE role = 'SALES' AND area = 'CUSTOMERS';
INSERT INTO role_permission (role, area, operations, record_scope, updated_at)
SELECT 'AUDITOR', 'QUALITY', 'READ', 'ALL', updated_at FROM role_permission
 WHERE role = 'AUDITOR' AND area = 'CUSTOMERS';
