-- Which version of the quick-search terms a customer's terms were written with; older ones are rebuilt after start.
alter table customer add column search_terms_version smallint default 1 not null;
