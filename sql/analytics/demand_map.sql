-- The unmet-demand map of GET /api/v1/admin/demand-map (api/spots/demand_map.py).

-- name: demand_map_geojson(min_lng, min_lat, max_lng, max_lat, from_time, to_time, size_m, kind)$
-- A GeoJSON FeatureCollection of the hexagons with searches in the box over [from_time, to_time)
-- (analytics.demand_map, db/rules/80_analytics.sql), as text: one Feature per hexagon, its polygon
-- in longitude/latitude (6 decimals, about 10 cm) and its counts as properties; the query's period,
-- size and kind as foreign members. kind: search, viewport or all.
select jsonb_build_object(
           'type', 'FeatureCollection',
           'from', utc_iso(:from_time::timestamptz),
           'to', utc_iso(:to_time::timestamptz),
           'size_m', :size_m::integer,
           'kind', :kind::text,
           'features', coalesce(jsonb_agg(jsonb_build_object(
               'type', 'Feature',
               'geometry', st_asgeojson(m.hexagon, 6)::jsonb,
               'properties', jsonb_build_object(
                   'hex_i', m.hex_i,
                   'hex_j', m.hex_j,
                   'searches', m.searches,
                   'no_free', m.no_free,
                   'few_free', m.few_free,
                   'unmet', m.unmet,
                   'unmet_share', m.unmet_share,
                   'spots', m.spots))
               order by m.hex_i, m.hex_j), '[]'::jsonb))::text
from analytics.demand_map(:min_lng::float8, :min_lat::float8, :max_lng::float8, :max_lat::float8,
                          :from_time::timestamptz, :to_time::timestamptz, :size_m::float8,
                          case :kind::text when 'all' then array['search', 'viewport'] else array[:kind::text] end) m;
