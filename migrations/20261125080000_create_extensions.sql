-- migrate:up
-- PostGIS for the geography column and radius search, btree_gist so the booking exclusion
-- constraint can mix "=" on the spot id with "&&" on the time range, citext for
-- case-insensitive emails. pg_cron must be created in the database named by cron.database_name
-- (its HINT says so when it is not): point that setting at the app database.
create extension if not exists postgis;
create extension if not exists btree_gist;
create extension if not exists citext;
create extension if not exists pg_cron;

-- migrate:down
drop extension if exists pg_cron;
drop extension if exists citext;
drop extension if exists btree_gist;
drop extension if exists postgis;
