-- migrate:up
comment on index parking_spots_free_location_cover is
    'Free spots (active, available) by location, carrying the location: the unfiltered count of a search '
    '(spots_near_count) as an index-only scan.';

-- migrate:down
comment on index parking_spots_free_location_cover is null;
