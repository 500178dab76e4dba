-- name: ping_database()$
-- Readiness: the database answers and PostGIS is loaded.
select postgis_lib_version();

-- name: warm_up_postgis()$
-- The first PostGIS call on a new connection is slow (~35 ms): pay it when the pool opens it.
select st_distance(
    st_setsrid(st_makepoint(0, 0), 4326)::geography,
    st_setsrid(st_makepoint(0, 1), 4326)::geography
);
