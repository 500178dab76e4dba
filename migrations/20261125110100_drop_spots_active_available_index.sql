-- migrate:up
-- An (is_active, is_available) index matches ~95 % of the rows, so it never narrows a search;
-- worse, it lets the planner AND it with the GiST bitmap and then sort, instead of walking the GiST
-- index in distance order (seen at 3k-20k spots). Radius search needs only the GiST index.
drop index parking_spots_active_available_idx;

-- migrate:down
create index parking_spots_active_available_idx on parking_spots (is_active, is_available);
