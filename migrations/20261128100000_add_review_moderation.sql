-- migrate:up
-- An admin hides a review (abuse, a fake, someone's personal data): it leaves the spot's listings,
-- its summary and its counters (db/rules/45_counters.sql), and who, when and why are kept.
-- Unhiding clears all three.
alter table reviews
    add column hidden_at timestamptz,
    add column hidden_by uuid references users (id) on delete set null,
    add column hidden_reason text
        constraint reviews_hidden_reason_length check (length(btrim(hidden_reason)) between 1 and 500),
    add constraint reviews_hidden_record
        check ((hidden_at is null) = (hidden_reason is null) and (hidden_at is not null or hidden_by is null));

-- A spot's visible reviews, newest first: its listing, its summary and its counters read only these.
drop index reviews_spot_idx;
create index reviews_spot_visible_idx on reviews (parking_spot_id, created_at desc) where hidden_at is null;

-- How many days a reviewer may change or delete their review after posting it (admins: any time;
-- 0: never). Read by review_editable_until in db/rules/40_reviews.sql.
alter table platform_settings
    add column review_edit_days integer not null default 14
        constraint platform_settings_review_edit_days_nonnegative check (review_edit_days >= 0);

-- migrate:down
alter table platform_settings drop column review_edit_days;
drop index reviews_spot_visible_idx;
create index reviews_spot_idx on reviews (parking_spot_id, created_at desc);
alter table reviews
    drop constraint reviews_hidden_record,
    drop column hidden_reason,
    drop column hidden_by,
    drop column hidden_at;
