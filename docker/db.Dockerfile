# The database image: PostgreSQL 15 with PostGIS (postgis/postgis, Debian) and pg_cron (from the
# PostgreSQL apt repository the base image already uses). It adds nothing else.
#
# postgis/postgis's own init script (/docker-entrypoint-initdb.d/10_postgis.sh) makes a
# template_postgis database and adds postgis_topology, fuzzystrmatch and postgis_tiger_geocoder to
# the app database: extensions we do not use, which make the first migration's down step fail
# (postgis cannot be dropped under them) and the database differ from db/schema.sql. Ours replaces
# it: it creates nothing (the migrate service's migrations create postgis, btree_gist, citext,
# pg_cron and the roles) and writes pg_cron's settings. 15-3.5 is the maintained PostgreSQL 15 tag
# (15-3.4 is no longer rebuilt, so it no longer gets PostgreSQL's minor releases).
FROM postgis/postgis:15-3.5

# The base image pins PostgreSQL and PostGIS itself; pg_cron follows the PostgreSQL major.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}-cron" \
    && rm -rf /var/lib/apt/lists/* \
    && rm -f /docker-entrypoint-initdb.d/10_postgis.sh

COPY --chmod=0755 docker/db-init.sh /docker-entrypoint-initdb.d/10_parkingspots.sh
