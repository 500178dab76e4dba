# PostgreSQL 15 with PostGIS (the postgis/postgis image) and pg_cron (from the PGDG apt repository
# that image already uses). pg_cron is preloaded and pointed at the app database by docker-compose.
FROM postgis/postgis:15-3.4
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15-cron \
    && rm -rf /var/lib/apt/lists/*
