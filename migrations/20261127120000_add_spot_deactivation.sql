-- migrate:up
-- Who took a spot off the market, when and why. An owner (or an admin acting on their own spot)
-- deactivates and may reactivate; an admin deactivating someone else's spot moderates it, with a
-- reason, and then only an admin may put it back (moderated). Reactivating clears all four
-- (db/rules/20_spots.sql keeps them in step with is_active, whoever writes the row).
alter table parking_spots
    add column deactivated_at timestamptz,
    add column deactivated_by uuid references users (id) on delete set null,
    add column deactivation_reason text
        constraint parking_spots_deactivation_reason_length
            check (length(btrim(deactivation_reason)) between 1 and 500),
    add column moderated boolean not null default false,
    add constraint parking_spots_moderated_inactive check (not (moderated and is_active)),
    add constraint parking_spots_moderation_reason check (not moderated or deactivation_reason is not null);

-- Spots deactivated before this migration: by whom is unknown (left null; the owner may reactivate),
-- and their last change stands in for when.
update parking_spots
set deactivated_at = updated_at
where not is_active;

-- The moderation list of inactive spots, latest deactivation first (search never reads inactive spots).
create index parking_spots_deactivated_idx on parking_spots (deactivated_at desc, id) where not is_active;

-- migrate:down
drop index parking_spots_deactivated_idx;
alter table parking_spots
    drop constraint parking_spots_moderation_reason,
    drop constraint parking_spots_moderated_inactive,
    drop column moderated,
    drop column deactivation_reason,
    drop column deactivated_by,
    drop column deactivated_at;
