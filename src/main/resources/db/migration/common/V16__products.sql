-- The product catalogue: categories (a tree), products with their versions, and the units sold per month that the
-- defect rate is measured against until orders feed them.

CREATE TABLE product_category (
    id          UUID PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    parent_id   UUID REFERENCES product_category (id),
    sort_order  INTEGER      NOT NULL DEFAULT 0,
    status      VARCHAR(8)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX product_category_parent_idx ON product_category (parent_id, sort_order, name);

CREATE TABLE product (
    id           UUID PRIMARY KEY,
    code         VARCHAR(64)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    category_id  UUID REFERENCES product_category (id),
    description  VARCHAR(4000),
    status       VARCHAR(8)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0,
    deleted_at   TIMESTAMP WITH TIME ZONE
);
-- Codes are compared as typed but stored upper case, so the index keeps them unique regardless of case.
CREATE UNIQUE INDEX product_code_uq ON product (code);
-- The list in name order with keyset paging, and its category filter.
CREATE INDEX product_name_idx ON product (name, id);
CREATE INDEX product_category_idx ON product (category_id, name, id);

CREATE TABLE product_version (
    id           UUID PRIMARY KEY,
    product_id   UUID        NOT NULL REFERENCES product (id),
    label        VARCHAR(64) NOT NULL,
    released_on  DATE,
    status       VARCHAR(8)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0,
    deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX product_version_label_uq ON product_version (product_id, label);

CREATE TABLE units_sold (
    id           UUID PRIMARY KEY,
    product_id   UUID    NOT NULL REFERENCES product (id),
    -- The version sold, or null when the figure is for the product as a whole.
    version_id   UUID REFERENCES product_version (id),
    -- The version, or the nil UUID for none: unique indexes treat nulls as distinct, this column does not.
    version_key  UUID    NOT NULL,
    -- The first day of the month the figure is for.
    sold_month   DATE    NOT NULL,
    units        INTEGER NOT NULL,
    source       VARCHAR(8) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX units_sold_uq ON units_sold (product_id, version_key, sold_month);
-- Sums over a period for every product (the defect rate).
CREATE INDEX units_sold_month_idx ON units_sold (sold_month, product_id);
