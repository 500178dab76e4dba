-- migrate:up
-- What every type, table and column of the schema holds, for analysts and DBAs reading it in psql
-- (\d+, \dT+, \df+) or in db/schema.sql: units, time zones, and what is personal data or a secret.
-- Conventions used throughout:
--   * money is integer cents (the smallest unit of the service's currency: the CURRENCY setting,
--     'usd' by default; payments.currency records it per payment), never a float;
--   * times are timestamptz: an instant, shown in UTC (the API prints them as ...Z); a spot's own
--     local time is its timezone column, an IANA name such as 'Europe/Paris';
--   * coordinates are WGS84 degrees (SRID 4326);
--   * "personal data" is data about an identifiable person, "secret" lets its holder act as
--     someone (a hash or a live token): neither is for analysts (see the analytics schema).
-- The functions, triggers and views of db/rules carry their own comments in their files (the rules
-- are dropped and created again whenever a file changes); the three functions a constraint depends
-- on are created by migrations, so they are commented here. tests/db/test_comments.py fails on any
-- table, column, view, function or type left without a comment.

-- dbmate's own bookkeeping.
comment on table schema_migrations is
    'dbmate bookkeeping: the version (timestamp prefix of the file name) of every migration in migrations/ '
    'applied to this database.';
comment on column schema_migrations.version is
    'Timestamp prefix of an applied migration file, e.g. 20261125080000 for '
    '20261125080000_create_extensions.sql.';

comment on table schema_rules is
    'Bookkeeping of scripts/migrate.py: for each file of db/rules last applied, its SHA-256 and the rule '
    'objects (functions, triggers, views) it created. When files, checksums or objects differ, all rules '
    'are dropped and applied again in one transaction.';
comment on column schema_rules.file is 'File name in db/rules, e.g. 31_bookings_rules.sql.';
comment on column schema_rules.checksum is 'SHA-256 of the file as applied, 64 lowercase hex digits.';
comment on column schema_rules.objects is
    'Rule objects the file created, as scripts/migrate.py names them (e.g. ''function '
    'spot_out(parking_spots,boolean)'', ''trigger bookings_check_rules on bookings'').';
comment on column schema_rules.applied_at is 'When the file was last applied (timestamptz, UTC).';

-- Types.
comment on type user_role is
    'What a user is to the service: renter (books spots), owner (lists spots, also books), admin '
    '(moderates, sees everything).';
comment on type spot_type is 'Kind of parking spot: indoor, outdoor, covered, garage, driveway or lot.';
comment on type vehicle_size is
    'Vehicle sizes, smallest first (motorcycle < compact < standard < large < oversized): a spot takes its '
    'size and every smaller one.';
comment on type booking_status is
    'Booking lifecycle: pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; '
    'cancelled|completed -> refunded. Enforced by bookings_guard_status; pending, confirmed and '
    'in_progress hold the slot (booking_holds_slot).';
comment on type payment_status is
    'State of a Stripe PaymentIntent as last read back from Stripe: requires_payment, processing, '
    'succeeded, failed, canceled, refunded, partially_refunded.';
comment on type money_movement_kind is
    'Direction of a ledger movement: charge (renter -> platform), refund / refund_failure (platform -> '
    'renter, and back), transfer / transfer_reversal (platform -> owner, and back), application_fee / '
    'application_fee_refund (owner -> platform, and back), dispute / dispute_reversal (platform -> '
    'renter''s bank, and back).';
comment on type extension_status is
    'State of a paid booking''s extension: pending (waits for its own payment, holds the slot until '
    'hold_expires_at), paid (holds), released (unpaid or cancelled: the booking went back to its previous '
    'end and prices).';

-- Functions created by migrations (a constraint depends on each).
comment on function is_valid_timezone(text) is
    'True when the text is a time zone name PostgreSQL knows, written as an IANA name '
    '(''America/Los_Angeles'', ''UTC''): checks parking_spots.timezone. Changes only by migration.';
comment on function operating_hours_valid(jsonb) is
    'True when opening hours have the documented shape: {"mon": [["08:00", "18:00"]], ...}, keys mon..sun, '
    '"HH:MM" pairs in the spot''s own time zone, "24:00" closing at midnight, a close before its open '
    'running past midnight. Checks parking_spots.operating_hours. Changes only by migration.';
comment on function booking_holds_slot(booking_status) is
    'True for the statuses in which a booking holds its slot (pending, confirmed, in_progress): used by '
    'the exclusion constraint bookings_no_overlap and the booking rules. Changes only by a migration that '
    'rebuilds that constraint.';

-- Settings.
comment on table platform_settings is
    'Business settings the SQL rules read (fees, payment window, booking grid and limits, review edit '
    'window): exactly one row, changed by a DBA or an admin (update platform_settings set '
    'service_fee_percent = 12), never copied into Python.';
comment on column platform_settings.singleton is
    'Always true: the primary key that keeps this table to one row.';
comment on column platform_settings.service_fee_percent is
    'Percent of a booking''s subtotal charged as service fee (0-100; 10.00 means 10 %): service_fee = '
    'round(subtotal x percent / 100) + service_fee_fixed_cents.';
comment on column platform_settings.service_fee_fixed_cents is
    'Fixed part of every booking''s service fee, integer cents.';
comment on column platform_settings.payment_hold_minutes is
    'Minutes an unpaid booking (pending) or an unpaid extension holds its slot before pg_cron releases it '
    '(expire_unpaid_holds, release_unpaid_extensions).';
comment on column platform_settings.booking_grid_minutes is
    'Booking start and end times fall on multiples of this many minutes counted from the Unix epoch (15: '
    ':00, :15, :30, :45 UTC); divides an hour.';
comment on column platform_settings.min_booking_minutes is 'Shortest booking, in minutes.';
comment on column platform_settings.max_booking_days is 'Longest booking, in days of 24 hours.';
comment on column platform_settings.max_booking_ahead_days is
    'How many days ahead of now a new booking may start at the latest.';
comment on column platform_settings.review_edit_days is
    'Days after posting during which a reviewer may change or delete their review (admins: any time; 0: '
    'never).';
comment on column platform_settings.created_at is 'When the row was inserted (timestamptz, UTC).';
comment on column platform_settings.updated_at is
    'When a setting last changed (timestamptz, UTC); kept by the database.';

-- Accounts.
comment on table users is
    'Accounts: renters, spot owners and admins. Personal data: email, full_name, phone_number, '
    'latitude/longitude. Secret: hashed_password. The API shows a user through user_out() (never the hash, '
    'token version or Stripe ids).';
comment on column users.id is 'Primary key (random UUID); the subject of the user''s tokens.';
comment on column users.email is
    'Personal data: the sign-in email address, unique whatever the case (citext).';
comment on column users.hashed_password is
    'Secret: argon2id hash of the password (argon2-cffi encoded string). Null for accounts created by '
    'OAuth sign-in, and after an OAuth sign-in claimed an unverified account.';
comment on column users.full_name is
    'Personal data: the user''s name, shown to the other party of a booking and on their reviews.';
comment on column users.phone_number is
    'Personal data: the user''s phone number as they typed it (at most 20 characters); optional.';
comment on column users.role is 'renter, owner or admin (user_role).';
comment on column users.is_active is
    'False once an admin locked or the user deactivated the account: it cannot sign in and its tokens stop '
    'working.';
comment on column users.is_verified is
    'True once the email address is proven (an admin set it, or a verified OAuth sign-in with that email).';
comment on column users.stripe_customer_id is
    'Personal data: a Stripe Customer id (cus_...) linking the user to their saved cards at Stripe; not '
    'written by the service today (null).';
comment on column users.stripe_account_id is
    'Personal data: the owner''s Stripe Connect account id (acct_...) that receives their payouts; null '
    'until they start onboarding.';
comment on column users.stripe_charges_enabled is
    'Stripe''s charges_enabled flag of the owner''s Connect account, as last read back from Stripe.';
comment on column users.stripe_payouts_enabled is
    'Stripe''s payouts_enabled flag of the owner''s Connect account, as last read back from Stripe.';
comment on column users.stripe_transfers_active is
    'Whether the owner''s Connect account has the transfers capability active (read back from Stripe): '
    'decides whether a booking''s charge goes to the owner (destination charge) or is paid later by '
    'transfer.';
comment on column users.latitude is
    'Personal data: the user''s home or preferred location, WGS84 degrees north (-90..90); set with '
    'longitude or not at all.';
comment on column users.longitude is
    'Personal data: the user''s home or preferred location, WGS84 degrees east (-180..180); set with '
    'latitude or not at all.';
comment on column users.token_version is
    'Carried by every access and refresh token; bumping it (password change or reset, logout everywhere, '
    'lock, role change) makes every token issued before unusable at once.';
comment on column users.created_at is 'When the account was created (timestamptz, UTC).';
comment on column users.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database (set_updated_at).';

comment on table oauth_identities is
    'A verified identity at an OAuth provider (Google, Facebook) linked to one account; signing in with it '
    'signs in as that account. Personal data: subject, email.';
comment on column oauth_identities.provider is 'google or facebook.';
comment on column oauth_identities.subject is
    'Personal data: the provider''s stable id of the person (the id token''s sub claim).';
comment on column oauth_identities.user_id is 'The account this identity signs in as (users.id).';
comment on column oauth_identities.email is
    'Personal data: the verified email address the provider gave when the identity was linked.';
comment on column oauth_identities.created_at is 'When the identity was linked (timestamptz, UTC).';
comment on column oauth_identities.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table refresh_tokens is
    'One row per refresh token issued (its JWT id), for rotation and reuse detection: a refresh spends the '
    'token (used_at) and issues its successor in the same family; a spent token presented again (after the '
    'grace window) revokes the family. No token is stored: the JWT is signed again from these columns.';
comment on column refresh_tokens.jti is
    'Primary key: the token''s JWT id (jti claim). Useless without the signing key.';
comment on column refresh_tokens.user_id is 'The account the token signs in as (users.id).';
comment on column refresh_tokens.family_id is
    'The login session: every token rotated from one sign-in shares it; revoking the family ends the '
    'session.';
comment on column refresh_tokens.expires_at is
    'When the token stops working (timestamptz, UTC; its exp claim).';
comment on column refresh_tokens.used_at is
    'When the token was spent on a refresh (timestamptz, UTC); null while unused.';
comment on column refresh_tokens.revoked_at is
    'When the token was revoked (logout, reuse detected, password change; timestamptz, UTC); null while '
    'valid.';
comment on column refresh_tokens.parent_jti is
    'The token this one replaced in a refresh (at most one successor per token); null for the first token '
    'of a sign-in.';
comment on column refresh_tokens.issued_at is
    'When the token was issued (timestamptz, UTC, whole seconds: its iat claim).';
comment on column refresh_tokens.created_at is 'When the row was inserted (timestamptz, UTC).';
comment on column refresh_tokens.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table password_reset_tokens is
    'Password reset links issued, stored only as the SHA-256 digest of their token; single use, short '
    'lived (PASSWORD_RESET_MINUTES).';
comment on column password_reset_tokens.id is 'Primary key (random UUID).';
comment on column password_reset_tokens.user_id is 'The account whose password the link resets (users.id).';
comment on column password_reset_tokens.token_hash is
    'Secret: SHA-256 digest (32 bytes) of the token in the reset link; the token itself is never stored.';
comment on column password_reset_tokens.expires_at is 'When the link stops working (timestamptz, UTC).';
comment on column password_reset_tokens.used_at is
    'When the link was used to set a password (timestamptz, UTC); null while unused.';
comment on column password_reset_tokens.created_at is 'When the link was issued (timestamptz, UTC).';
comment on column password_reset_tokens.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table outbox is
    'Mail waiting to be sent (today only password reset mail). With no mail server configured the service '
    'only writes here; a relay takes mail with take_outbox_mail(). A sent mail keeps no body. Personal '
    'data: recipient. Secret: body, until sent.';
comment on column outbox.id is 'Primary key (random UUID).';
comment on column outbox.recipient is 'Personal data: the email address the mail goes to.';
comment on column outbox.kind is 'What the mail is: password_reset.';
comment on column outbox.subject is 'The mail''s subject line.';
comment on column outbox.body is
    'Secret until sent: the mail text, with a live password reset link. Emptied when the mail is marked '
    'sent (outbox_clear_sent_body).';
comment on column outbox.sent_at is 'When a relay took the mail (timestamptz, UTC); null while waiting.';
comment on column outbox.created_at is 'When the mail was queued (timestamptz, UTC).';
comment on column outbox.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

-- Spots.
comment on table parking_spots is
    'Parking spots listed by owners. Rates are integer cents; location is kept in step with '
    'latitude/longitude; opening hours are in the spot''s own time zone. Public: what a listing shows. '
    'Private to the owner and the spot''s renters: access_instructions. Counters (average_rating, '
    'total_reviews, total_bookings) are kept by triggers.';
comment on column parking_spots.id is 'Primary key (random UUID).';
comment on column parking_spots.owner_id is 'The owner who listed the spot (users.id).';
comment on column parking_spots.title is 'Listing title (1-255 characters).';
comment on column parking_spots.description is
    'Listing description written by the owner (at most 5000 characters); optional.';
comment on column parking_spots.spot_type is
    'indoor, outdoor, covered, garage, driveway or lot (spot_type).';
comment on column parking_spots.vehicle_size is
    'Largest vehicle that fits (vehicle_size); smaller ones fit too.';
comment on column parking_spots.address is 'Street address of the spot (public: it is on the listing).';
comment on column parking_spots.city is
    'City, as the owner wrote it (search by city compares lower(city)).';
comment on column parking_spots.state is 'State, province or region, as the owner wrote it.';
comment on column parking_spots.zip_code is 'Postal code, as the owner wrote it.';
comment on column parking_spots.latitude is 'WGS84 degrees north (-90..90).';
comment on column parking_spots.longitude is 'WGS84 degrees east (-180..180).';
comment on column parking_spots.location is
    'The spot as geography(Point, 4326), generated from longitude/latitude (never written directly); '
    'GiST-indexed for radius (ST_DWithin, metres) and nearest-first (<->) search.';
comment on column parking_spots.timezone is
    'The spot''s IANA time zone name (e.g. ''America/New_York''), derived from its coordinates when the '
    'owner gives none: operating_hours are read in it.';
comment on column parking_spots.hourly_rate is
    'Price per hour, integer cents (> 0); charged pro rata to the minute.';
comment on column parking_spots.daily_rate is
    'Most charged per started 24 hours, integer cents (> 0); null: no daily cap.';
comment on column parking_spots.monthly_rate is
    'Most charged per started 30 days, integer cents (> 0); null: no monthly cap.';
comment on column parking_spots.is_covered is 'Whether the spot has a roof.';
comment on column parking_spots.has_ev_charging is 'Whether an electric vehicle can charge there.';
comment on column parking_spots.has_security is
    'Whether the spot is guarded or watched (cameras, attendant).';
comment on column parking_spots.has_lighting is 'Whether the spot is lit at night.';
comment on column parking_spots.is_handicap_accessible is
    'Whether the spot is accessible for disabled drivers.';
comment on column parking_spots.images is
    'Photo URLs (https), in display order; at most 20 (the API accepts 10).';
comment on column parking_spots.is_active is
    'False once the owner or an admin took the spot off the market: search and booking skip it (see '
    'deactivated_at).';
comment on column parking_spots.is_available is
    'False while the owner pauses new bookings (bookings already made stand).';
comment on column parking_spots.operating_hours is
    'Opening hours in the spot''s own time zone: {"mon": [["08:00", "18:00"]], "fri": [["22:00", '
    '"02:00"]], ...}; a day left out is closed, "24:00" closes at midnight, a close before its open runs '
    'into the next day. Null: always open.';
comment on column parking_spots.access_instructions is
    'Private: how to get in (gate code, key box), shown only to the owner and renters of the spot''s '
    'bookings. May hold a secret such as a gate code.';
comment on column parking_spots.average_rating is
    'Mean overall_rating (1-5, two decimals) of the spot''s visible reviews; 0 without any. Kept by the '
    'trigger reviews_rate_spot.';
comment on column parking_spots.total_reviews is
    'Number of the spot''s visible reviews. Kept by the trigger reviews_rate_spot.';
comment on column parking_spots.total_bookings is
    'Number of the spot''s bookings that went ahead (confirmed, in progress or completed). Kept by the '
    'trigger bookings_count_on_spot.';
comment on column parking_spots.deactivated_at is
    'When the spot was last taken off the market (timestamptz, UTC); null while active.';
comment on column parking_spots.deactivated_by is
    'Who took it off the market (users.id: the owner or an admin); null while active or unknown.';
comment on column parking_spots.deactivation_reason is
    'Why it was taken off the market (1-500 characters); required when an admin moderated it.';
comment on column parking_spots.moderated is
    'True when an admin took down someone else''s spot: only an admin may put it back.';
comment on column parking_spots.created_at is 'When the spot was listed (timestamptz, UTC).';
comment on column parking_spots.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table spot_blackouts is
    'Periods [starts_at, ends_at) when the owner does not rent the spot out; they block bookings as a '
    'booking would, and may not cover time an active booking holds.';
comment on column spot_blackouts.id is 'Primary key (random UUID).';
comment on column spot_blackouts.parking_spot_id is 'The spot blocked (parking_spots.id).';
comment on column spot_blackouts.starts_at is 'Start of the blocked period, inclusive (timestamptz, UTC).';
comment on column spot_blackouts.ends_at is 'End of the blocked period, exclusive (timestamptz, UTC).';
comment on column spot_blackouts.reason is 'The owner''s note (at most 500 characters); optional.';
comment on column spot_blackouts.created_at is 'When the blackout was created (timestamptz, UTC).';
comment on column spot_blackouts.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

-- Bookings.
comment on table bookings is
    'A renter''s booking of a spot for [start_time, end_time). Amounts are integer cents, filled from '
    'quote_price''s rules by the database; total_amount = subtotal + service_fee, owner_payout = subtotal. '
    'Two bookings that hold their slot never overlap (bookings_no_overlap). Personal data: vehicle_plate, '
    'vehicle details, special_requests, cancellation_reason. Secret: access_code.';
comment on column bookings.id is 'Primary key (random UUID).';
comment on column bookings.user_id is 'The renter (users.id).';
comment on column bookings.parking_spot_id is 'The spot booked (parking_spots.id).';
comment on column bookings.start_time is
    'Start of the stay, inclusive (timestamptz, UTC); on the booking grid '
    '(platform_settings.booking_grid_minutes).';
comment on column bookings.end_time is
    'End of the stay, exclusive (timestamptz, UTC); moves later when the booking is extended.';
comment on column bookings.status is
    'Where the booking is in its lifecycle (booking_status); only the allowed transitions are accepted.';
comment on column bookings.subtotal is
    'Price of the stay from the spot''s rates, integer cents; the owner''s share (owner_payout).';
comment on column bookings.service_fee is
    'The platform''s fee, integer cents: round(subtotal x service_fee_percent / 100) + '
    'service_fee_fixed_cents.';
comment on column bookings.total_amount is 'What the renter pays, integer cents: subtotal + service_fee.';
comment on column bookings.owner_payout is 'What the owner earns, integer cents (= subtotal).';
comment on column bookings.refund_amount is
    'Refund promised by the cancellation policy, integer cents (0..total_amount); what reached the renter '
    'is in the ledger (booking_balances.refunded).';
comment on column bookings.payment_intent_id is
    'Legacy: a Stripe PaymentIntent id (pi_...) as the original contract stored it; the service no longer '
    'writes it (payments.stripe_payment_intent_id holds each intent).';
comment on column bookings.payment_status is
    'Payment summary: pending (waiting for payment), not_required (payments off), paid, failed, expired '
    '(payment window passed), refunded, partially_refunded; follows the ledger.';
comment on column bookings.hold_expires_at is
    'For a pending booking, when its unpaid hold on the slot ends and pg_cron cancels it (timestamptz, '
    'UTC); null otherwise.';
comment on column bookings.access_code is
    'Secret: 6-digit code the renter uses on arrival; shown only to the renter, once the booking is confirmed '
    '(GET /bookings/{id}/access).';
comment on column bookings.vehicle_plate is 'Personal data: the renter''s licence plate.';
comment on column bookings.vehicle_make is 'Personal data: the make of the renter''s vehicle.';
comment on column bookings.vehicle_model is 'Personal data: the model of the renter''s vehicle.';
comment on column bookings.vehicle_color is 'Personal data: the colour of the renter''s vehicle.';
comment on column bookings.special_requests is
    'Personal data: free text from the renter to the owner (at most 2000 characters).';
comment on column bookings.cancellation_reason is
    'Why the booking was cancelled: free text from whoever cancelled (personal data), or set by the '
    'service (''payment window expired'', ''refunded'').';
comment on column bookings.cancelled_by is
    'Who cancelled (users.id: renter, owner or admin); null when the service did (expired hold, refund).';
comment on column bookings.cancelled_at is 'When the booking was cancelled (timestamptz, UTC).';
comment on column bookings.checked_in_at is
    'When the renter checked in (timestamptz, UTC); null if they never did (auto-start does not set it).';
comment on column bookings.checked_out_at is
    'When the renter checked out, or the end time when auto-checkout completed it (timestamptz, UTC).';
comment on column bookings.created_at is
    'When the booking was made (timestamptz, UTC); created_at to start_time is the lead time.';
comment on column bookings.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table booking_extensions is
    'An extension of a booking already paid for: the booking''s end moves at once and the difference is '
    'charged with a payment of its own; unpaid by hold_expires_at (or when the booking is cancelled) it is '
    'released and the booking goes back to its previous end and prices. Amounts are integer cents.';
comment on column booking_extensions.id is
    'Primary key (random UUID); payments.extension_id of the payment that pays it.';
comment on column booking_extensions.booking_id is
    'The booking extended (bookings.id); at most one pending extension per booking.';
comment on column booking_extensions.previous_end is
    'The booking''s end before the extension (timestamptz, UTC): restored on release.';
comment on column booking_extensions.new_end is 'The booking''s end with the extension (timestamptz, UTC).';
comment on column booking_extensions.previous_subtotal is
    'The booking''s subtotal before the extension, integer cents: restored on release.';
comment on column booking_extensions.previous_service_fee is
    'The booking''s service fee before the extension, integer cents: restored on release.';
comment on column booking_extensions.previous_total is
    'The booking''s total_amount before the extension, integer cents: restored on release.';
comment on column booking_extensions.previous_owner_payout is
    'The booking''s owner_payout before the extension, integer cents: restored on release.';
comment on column booking_extensions.amount is
    'What the extension costs the renter, integer cents (new total - previous total).';
comment on column booking_extensions.service_fee is 'The platform''s fee within amount, integer cents.';
comment on column booking_extensions.status is 'pending, paid or released (extension_status).';
comment on column booking_extensions.hold_expires_at is
    'When an unpaid extension is released by pg_cron (timestamptz, UTC): its payment is due by then.';
comment on column booking_extensions.created_at is 'When the extension was made (timestamptz, UTC).';
comment on column booking_extensions.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table idempotency_keys is
    'Idempotency-Key headers of POST /bookings: a retry with the same key and body gets the first answer '
    'back. Kept 24 hours (purge_idempotency_keys). Personal data: response_body (the booking as the renter '
    'saw it).';
comment on column idempotency_keys.user_id is 'The caller who sent the key (users.id); keys are per user.';
comment on column idempotency_keys.key is 'The Idempotency-Key header as sent (1-255 characters).';
comment on column idempotency_keys.request_hash is
    'BLAKE2b digest (32 hex digits) of the request body: the same key with another body is refused.';
comment on column idempotency_keys.response_status is
    'HTTP status of the first answer; null while that request is still running.';
comment on column idempotency_keys.response_body is
    'Personal data: the JSON of the first answer (the booking, with vehicle details), replayed to retries.';
comment on column idempotency_keys.created_at is 'When the key was first used (timestamptz, UTC).';
comment on column idempotency_keys.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

-- Reviews.
comment on table reviews is
    'A renter''s review of a completed booking, one per booking; the spot''s owner may respond once; an '
    'admin may hide it (hidden_at). Ratings are 1-5. Personal data: comment and owner_response (free '
    'text).';
comment on column reviews.id is 'Primary key (random UUID).';
comment on column reviews.booking_id is
    'The completed booking reviewed (bookings.id); one review per booking.';
comment on column reviews.parking_spot_id is
    'The booking''s spot (parking_spots.id), copied from the booking by the database.';
comment on column reviews.reviewer_id is 'The renter who wrote it (users.id).';
comment on column reviews.overall_rating is
    'Overall rating, 1-5 stars; the spot''s average_rating averages it.';
comment on column reviews.location_rating is 'Location rating, 1-5 stars; optional.';
comment on column reviews.access_rating is 'Ease of access rating, 1-5 stars; optional.';
comment on column reviews.value_rating is 'Value for money rating, 1-5 stars; optional.';
comment on column reviews.safety_rating is 'Safety rating, 1-5 stars; optional.';
comment on column reviews.comment is
    'Personal data: the reviewer''s text (at most 5000 characters); optional.';
comment on column reviews.owner_response is
    'Personal data: the spot owner''s answer (at most 5000 characters), written once.';
comment on column reviews.owner_responded_at is 'When the owner answered (timestamptz, UTC).';
comment on column reviews.helpful_count is
    'How many users voted the review helpful. Kept by the trigger review_helpful_votes_count.';
comment on column reviews.hidden_at is
    'When an admin hid the review (timestamptz, UTC): it leaves listings and counters. Null while visible.';
comment on column reviews.hidden_by is 'The admin who hid it (users.id).';
comment on column reviews.hidden_reason is 'Why it was hidden (1-500 characters).';
comment on column reviews.created_at is
    'When the review was posted (timestamptz, UTC); the reviewer may edit it for review_edit_days after.';
comment on column reviews.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table review_helpful_votes is
    '"Was this review helpful?" votes: any user other than the review''s author, once per review.';
comment on column review_helpful_votes.review_id is 'The review voted for (reviews.id).';
comment on column review_helpful_votes.user_id is 'Who voted (users.id).';
comment on column review_helpful_votes.created_at is 'When the vote was cast (timestamptz, UTC).';
comment on column review_helpful_votes.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

-- Payments.
comment on table payments is
    'One Stripe PaymentIntent each: a booking''s own payment (extension_id null) or one per paid '
    'extension. Amounts are integer cents in currency. Stripe ids identify the renter''s charge at Stripe: '
    'not for analysts.';
comment on column payments.id is 'Primary key (random UUID).';
comment on column payments.booking_id is 'The booking paid for (bookings.id).';
comment on column payments.user_id is 'The payer, the booking''s renter (users.id).';
comment on column payments.amount is 'Amount of the PaymentIntent, integer cents in currency (> 0).';
comment on column payments.currency is 'ISO 4217 currency code, lowercase (''usd''), as Stripe writes it.';
comment on column payments.status is
    'State of the PaymentIntent as last read back from Stripe (payment_status).';
comment on column payments.stripe_payment_intent_id is 'The Stripe PaymentIntent id (pi_...).';
comment on column payments.stripe_charge_id is
    'The Stripe Charge id (ch_... or py_...) once the intent has charged.';
comment on column payments.application_fee_amount is
    'On a destination charge, the platform''s fee Stripe keeps from the owner''s share, integer cents; '
    'null when charged on the platform.';
comment on column payments.transfer_destination is
    'On a destination charge, the owner''s Connect account (acct_...) the charge goes to; null when '
    'charged on the platform and paid to the owner later by transfer.';
comment on column payments.amount_refunded is
    'What Stripe says was refunded so far, integer cents (0..amount); a refund that fails gives its amount '
    'back.';
comment on column payments.failure_message is
    'Stripe''s message for the last failed attempt (e.g. ''Your card was declined.''); null otherwise.';
comment on column payments.extension_id is
    'The extension this payment pays for (booking_extensions.id); null for the booking''s own payment.';
comment on column payments.service_fee is
    'The platform''s part of amount, integer cents: the booking''s (or extension''s) service fee when it '
    'was paid. The rest, less refunds in proportion, is owed to the owner.';
comment on column payments.created_at is 'When the payment was created (timestamptz, UTC).';
comment on column payments.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table processed_webhook_events is
    'Stripe webhook events already applied, stored in the same transaction as their effect so a '
    'redelivered event changes nothing.';
comment on column processed_webhook_events.event_id is 'Stripe event id (evt_...).';
comment on column processed_webhook_events.event_type is
    'Stripe event type, e.g. payment_intent.succeeded.';
comment on column processed_webhook_events.created_at is 'When the event was applied (timestamptz, UTC).';
comment on column processed_webhook_events.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table payment_disputes is
    'Disputes (chargebacks) of renters'' charges, one per Stripe Dispute, as Stripe last reported it; '
    'admins answer them at Stripe before evidence_due_by. Amounts are integer cents in currency.';
comment on column payment_disputes.id is 'Primary key (random UUID).';
comment on column payment_disputes.stripe_dispute_id is 'The Stripe Dispute id (du_... or dp_...).';
comment on column payment_disputes.payment_id is 'The payment whose charge is disputed (payments.id).';
comment on column payment_disputes.booking_id is 'The booking of that payment (bookings.id).';
comment on column payment_disputes.amount is 'Disputed amount, integer cents in currency.';
comment on column payment_disputes.currency is 'ISO 4217 currency code, lowercase, as Stripe writes it.';
comment on column payment_disputes.reason is
    'Stripe''s dispute reason, e.g. fraudulent, product_not_received.';
comment on column payment_disputes.status is
    'Stripe''s dispute status: warning_needs_response, needs_response, under_review, won, lost, '
    'warning_closed...';
comment on column payment_disputes.evidence_due_by is
    'Deadline for answering at Stripe (timestamptz, UTC); null when Stripe gives none.';
comment on column payment_disputes.created_at is 'When the dispute was first recorded (timestamptz, UTC).';
comment on column payment_disputes.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table money_movements is
    'The ledger: every movement of money Stripe made for a booking, one immutable row each, recorded from '
    'the object read back from Stripe (kind and stripe_id unique). Amounts are positive integer cents; '
    'kind says which way the money went. Balances derive from it (booking_balances); corrections are new '
    'rows.';
comment on column money_movements.id is 'Primary key (sequence).';
comment on column money_movements.booking_id is 'The booking the money is for (bookings.id).';
comment on column money_movements.payment_id is 'The payment it belongs to (payments.id).';
comment on column money_movements.kind is 'Which way the money went (money_movement_kind).';
comment on column money_movements.stripe_id is
    'Id of the Stripe object that moved the money (ch_, re_, tr_, trr_, fee_, fr_, du_...).';
comment on column money_movements.amount is 'Amount moved, positive integer cents in currency.';
comment on column money_movements.currency is 'ISO 4217 currency code, lowercase.';
comment on column money_movements.occurred_at is
    'When Stripe made the movement (timestamptz, UTC; the object''s created time, or when the ledger '
    'learnt of a failure or a won dispute).';
comment on column money_movements.created_at is 'When the row was recorded (timestamptz, UTC).';
comment on column money_movements.updated_at is
    'Equals created_at: ledger rows never change (every table has updated_at).';

comment on table stripe_outbox is
    'Stripe calls the database decided on but cannot make itself (cancel an unpaid intent, transfer an '
    'owner''s share, reconcile a day), each made by the worker in api/payments/outbox.py with its '
    'idempotency key and retried with back-off until done. Done calls are purged after 30 days.';
comment on column stripe_outbox.id is 'Primary key (sequence).';
comment on column stripe_outbox.action is 'The call: cancel_intent, transfer or reconcile.';
comment on column stripe_outbox.intent_id is
    'For cancel_intent, the PaymentIntent to cancel (pi_...); null for the other actions.';
comment on column stripe_outbox.idempotency_key is
    'Stripe Idempotency-Key the call is made (and retried) with; also makes queuing once.';
comment on column stripe_outbox.attempts is 'How many times the call was tried.';
comment on column stripe_outbox.next_attempt_at is 'When the call is due next (timestamptz, UTC).';
comment on column stripe_outbox.done_at is
    'When the call succeeded (timestamptz, UTC); null while waiting.';
comment on column stripe_outbox.last_error is
    'Class name of the last error (e.g. APIConnectionError); null after success.';
comment on column stripe_outbox.args is
    'The call''s arguments (jsonb object): for transfer payment_id, booking_id, amount (integer cents), '
    'destination, charge_id, currency; for reconcile day.';
comment on column stripe_outbox.created_at is 'When the call was queued (timestamptz, UTC).';
comment on column stripe_outbox.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table reconciliation_runs is
    'The nightly reconciliation of the ledger with Stripe''s balance transactions, one run per UTC day: '
    'running from when pg_cron queues it until the worker finishes it.';
comment on column reconciliation_runs.id is 'Primary key (sequence).';
comment on column reconciliation_runs.day is 'The UTC calendar day reconciled.';
comment on column reconciliation_runs.status is
    'running or done (a run left running failed at Stripe and is retried).';
comment on column reconciliation_runs.checked is
    'How many Stripe balance transactions of the day were compared.';
comment on column reconciliation_runs.differences is
    'How many differences were found (rows in reconciliation_differences).';
comment on column reconciliation_runs.started_at is
    'When the run was queued or last started (timestamptz, UTC).';
comment on column reconciliation_runs.finished_at is
    'When the run finished (timestamptz, UTC); null while running.';
comment on column reconciliation_runs.created_at is 'When the row was inserted (timestamptz, UTC).';
comment on column reconciliation_runs.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

comment on table reconciliation_differences is
    'What one reconciliation run found: a Stripe movement the ledger lacks (missing_in_ledger), a ledger '
    'row Stripe has no balance transaction for (missing_in_stripe), or both with other amounts '
    '(amount_differs). Amounts are integer cents.';
comment on column reconciliation_differences.id is 'Primary key (sequence).';
comment on column reconciliation_differences.run_id is 'The run that found it (reconciliation_runs.id).';
comment on column reconciliation_differences.day is 'The UTC day reconciled.';
comment on column reconciliation_differences.kind is
    'The ledger kind (a balance transaction''s type mapped to it).';
comment on column reconciliation_differences.stripe_id is 'Id of the Stripe object concerned.';
comment on column reconciliation_differences.ledger_amount is
    'The ledger''s amount, integer cents; null when missing_in_ledger.';
comment on column reconciliation_differences.stripe_amount is
    'Stripe''s amount (summed by kind and id), integer cents; null when missing_in_stripe.';
comment on column reconciliation_differences.problem is
    'missing_in_ledger, missing_in_stripe or amount_differs.';
comment on column reconciliation_differences.created_at is
    'When the difference was recorded (timestamptz, UTC).';
comment on column reconciliation_differences.updated_at is
    'When the row last changed (timestamptz, UTC); kept by the database.';

-- Real-time events.
comment on table events is
    'Every real-time event (spot_availability, booking_update, new_booking, new_review), written at commit '
    'by notify_event, ids in commit order; kept 24 hours (purge_events) so a reconnecting WebSocket client '
    'gets what it missed. Rows never change.';
comment on column events.id is
    'Event id (sequence), in commit order; clients resume from the last id they saw.';
comment on column events.type is 'spot_availability, booking_update, new_booking or new_review.';
comment on column events.data is
    'What clients receive besides type, id and time (jsonb object: booking_id, spot_id, status, rating, '
    'is_available...); no personal data.';
comment on column events.spot_id is
    'The spot concerned (parking_spots.id; no foreign key: events outlive nothing for long).';
comment on column events.user_id is
    'For booking events, the renter who may see it (users.id); null for public events.';
comment on column events.owner_id is
    'For booking events, the spot''s owner who may see it (users.id); null for public events.';
comment on column events.public is
    'True when every watcher of spot_id may see it (spot_availability, new_review).';
comment on column events.created_at is
    'When the event was recorded, at commit (timestamptz, UTC); the at of the message.';
comment on column events.updated_at is
    'Equals created_at: events never change (every table has updated_at).';

-- migrate:down
comment on table schema_migrations is null;
comment on column schema_migrations.version is null;
comment on table schema_rules is null;
comment on column schema_rules.file is null;
comment on column schema_rules.checksum is null;
comment on column schema_rules.objects is null;
comment on column schema_rules.applied_at is null;
comment on type user_role is null;
comment on type spot_type is null;
comment on type vehicle_size is null;
comment on type booking_status is null;
comment on type payment_status is null;
comment on type money_movement_kind is null;
comment on type extension_status is null;
comment on function is_valid_timezone(text) is null;
comment on function operating_hours_valid(jsonb) is null;
comment on function booking_holds_slot(booking_status) is null;
comment on table platform_settings is null;
comment on column platform_settings.singleton is null;
comment on column platform_settings.service_fee_percent is null;
comment on column platform_settings.service_fee_fixed_cents is null;
comment on column platform_settings.payment_hold_minutes is null;
comment on column platform_settings.booking_grid_minutes is null;
comment on column platform_settings.min_booking_minutes is null;
comment on column platform_settings.max_booking_days is null;
comment on column platform_settings.max_booking_ahead_days is null;
comment on column platform_settings.review_edit_days is null;
comment on column platform_settings.created_at is null;
comment on column platform_settings.updated_at is null;
comment on table users is null;
comment on column users.id is null;
comment on column users.email is null;
comment on column users.hashed_password is null;
comment on column users.full_name is null;
comment on column users.phone_number is null;
comment on column users.role is null;
comment on column users.is_active is null;
comment on column users.is_verified is null;
comment on column users.stripe_customer_id is null;
comment on column users.stripe_account_id is null;
comment on column users.stripe_charges_enabled is null;
comment on column users.stripe_payouts_enabled is null;
comment on column users.stripe_transfers_active is null;
comment on column users.latitude is null;
comment on column users.longitude is null;
comment on column users.token_version is null;
comment on column users.created_at is null;
comment on column users.updated_at is null;
comment on table oauth_identities is null;
comment on column oauth_identities.provider is null;
comment on column oauth_identities.subject is null;
comment on column oauth_identities.user_id is null;
comment on column oauth_identities.email is null;
comment on column oauth_identities.created_at is null;
comment on column oauth_identities.updated_at is null;
comment on table refresh_tokens is null;
comment on column refresh_tokens.jti is null;
comment on column refresh_tokens.user_id is null;
comment on column refresh_tokens.family_id is null;
comment on column refresh_tokens.expires_at is null;
comment on column refresh_tokens.used_at is null;
comment on column refresh_tokens.revoked_at is null;
comment on column refresh_tokens.parent_jti is null;
comment on column refresh_tokens.issued_at is null;
comment on column refresh_tokens.created_at is null;
comment on column refresh_tokens.updated_at is null;
comment on table password_reset_tokens is null;
comment on column password_reset_tokens.id is null;
comment on column password_reset_tokens.user_id is null;
comment on column password_reset_tokens.token_hash is null;
comment on column password_reset_tokens.expires_at is null;
comment on column password_reset_tokens.used_at is null;
comment on column password_reset_tokens.created_at is null;
comment on column password_reset_tokens.updated_at is null;
comment on table outbox is null;
comment on column outbox.id is null;
comment on column outbox.recipient is null;
comment on column outbox.kind is null;
comment on column outbox.subject is null;
comment on column outbox.body is null;
comment on column outbox.sent_at is null;
comment on column outbox.created_at is null;
comment on column outbox.updated_at is null;
comment on table parking_spots is null;
comment on column parking_spots.id is null;
comment on column parking_spots.owner_id is null;
comment on column parking_spots.title is null;
comment on column parking_spots.description is null;
comment on column parking_spots.spot_type is null;
comment on column parking_spots.vehicle_size is null;
comment on column parking_spots.address is null;
comment on column parking_spots.city is null;
comment on column parking_spots.state is null;
comment on column parking_spots.zip_code is null;
comment on column parking_spots.latitude is null;
comment on column parking_spots.longitude is null;
comment on column parking_spots.location is null;
comment on column parking_spots.timezone is null;
comment on column parking_spots.hourly_rate is null;
comment on column parking_spots.daily_rate is null;
comment on column parking_spots.monthly_rate is null;
comment on column parking_spots.is_covered is null;
comment on column parking_spots.has_ev_charging is null;
comment on column parking_spots.has_security is null;
comment on column parking_spots.has_lighting is null;
comment on column parking_spots.is_handicap_accessible is null;
comment on column parking_spots.images is null;
comment on column parking_spots.is_active is null;
comment on column parking_spots.is_available is null;
comment on column parking_spots.operating_hours is null;
comment on column parking_spots.access_instructions is null;
comment on column parking_spots.average_rating is null;
comment on column parking_spots.total_reviews is null;
comment on column parking_spots.total_bookings is null;
comment on column parking_spots.deactivated_at is null;
comment on column parking_spots.deactivated_by is null;
comment on column parking_spots.deactivation_reason is null;
comment on column parking_spots.moderated is null;
comment on column parking_spots.created_at is null;
comment on column parking_spots.updated_at is null;
comment on table spot_blackouts is null;
comment on column spot_blackouts.id is null;
comment on column spot_blackouts.parking_spot_id is null;
comment on column spot_blackouts.starts_at is null;
comment on column spot_blackouts.ends_at is null;
comment on column spot_blackouts.reason is null;
comment on column spot_blackouts.created_at is null;
comment on column spot_blackouts.updated_at is null;
comment on table bookings is null;
comment on column bookings.id is null;
comment on column bookings.user_id is null;
comment on column bookings.parking_spot_id is null;
comment on column bookings.start_time is null;
comment on column bookings.end_time is null;
comment on column bookings.status is null;
comment on column bookings.subtotal is null;
comment on column bookings.service_fee is null;
comment on column bookings.total_amount is null;
comment on column bookings.owner_payout is null;
comment on column bookings.refund_amount is null;
comment on column bookings.payment_intent_id is null;
comment on column bookings.payment_status is null;
comment on column bookings.hold_expires_at is null;
comment on column bookings.access_code is null;
comment on column bookings.vehicle_plate is null;
comment on column bookings.vehicle_make is null;
comment on column bookings.vehicle_model is null;
comment on column bookings.vehicle_color is null;
comment on column bookings.special_requests is null;
comment on column bookings.cancellation_reason is null;
comment on column bookings.cancelled_by is null;
comment on column bookings.cancelled_at is null;
comment on column bookings.checked_in_at is null;
comment on column bookings.checked_out_at is null;
comment on column bookings.created_at is null;
comment on column bookings.updated_at is null;
comment on table booking_extensions is null;
comment on column booking_extensions.id is null;
comment on column booking_extensions.booking_id is null;
comment on column booking_extensions.previous_end is null;
comment on column booking_extensions.new_end is null;
comment on column booking_extensions.previous_subtotal is null;
comment on column booking_extensions.previous_service_fee is null;
comment on column booking_extensions.previous_total is null;
comment on column booking_extensions.previous_owner_payout is null;
comment on column booking_extensions.amount is null;
comment on column booking_extensions.service_fee is null;
comment on column booking_extensions.status is null;
comment on column booking_extensions.hold_expires_at is null;
comment on column booking_extensions.created_at is null;
comment on column booking_extensions.updated_at is null;
comment on table idempotency_keys is null;
comment on column idempotency_keys.user_id is null;
comment on column idempotency_keys.key is null;
comment on column idempotency_keys.request_hash is null;
comment on column idempotency_keys.response_status is null;
comment on column idempotency_keys.response_body is null;
comment on column idempotency_keys.created_at is null;
comment on column idempotency_keys.updated_at is null;
comment on table reviews is null;
comment on column reviews.id is null;
comment on column reviews.booking_id is null;
comment on column reviews.parking_spot_id is null;
comment on column reviews.reviewer_id is null;
comment on column reviews.overall_rating is null;
comment on column reviews.location_rating is null;
comment on column reviews.access_rating is null;
comment on column reviews.value_rating is null;
comment on column reviews.safety_rating is null;
comment on column reviews.comment is null;
comment on column reviews.owner_response is null;
comment on column reviews.owner_responded_at is null;
comment on column reviews.helpful_count is null;
comment on column reviews.hidden_at is null;
comment on column reviews.hidden_by is null;
comment on column reviews.hidden_reason is null;
comment on column reviews.created_at is null;
comment on column reviews.updated_at is null;
comment on table review_helpful_votes is null;
comment on column review_helpful_votes.review_id is null;
comment on column review_helpful_votes.user_id is null;
comment on column review_helpful_votes.created_at is null;
comment on column review_helpful_votes.updated_at is null;
comment on table payments is null;
comment on column payments.id is null;
comment on column payments.booking_id is null;
comment on column payments.user_id is null;
comment on column payments.amount is null;
comment on column payments.currency is null;
comment on column payments.status is null;
comment on column payments.stripe_payment_intent_id is null;
comment on column payments.stripe_charge_id is null;
comment on column payments.application_fee_amount is null;
comment on column payments.transfer_destination is null;
comment on column payments.amount_refunded is null;
comment on column payments.failure_message is null;
comment on column payments.extension_id is null;
comment on column payments.service_fee is null;
comment on column payments.created_at is null;
comment on column payments.updated_at is null;
comment on table processed_webhook_events is null;
comment on column processed_webhook_events.event_id is null;
comment on column processed_webhook_events.event_type is null;
comment on column processed_webhook_events.created_at is null;
comment on column processed_webhook_events.updated_at is null;
comment on table payment_disputes is null;
comment on column payment_disputes.id is null;
comment on column payment_disputes.stripe_dispute_id is null;
comment on column payment_disputes.payment_id is null;
comment on column payment_disputes.booking_id is null;
comment on column payment_disputes.amount is null;
comment on column payment_disputes.currency is null;
comment on column payment_disputes.reason is null;
comment on column payment_disputes.status is null;
comment on column payment_disputes.evidence_due_by is null;
comment on column payment_disputes.created_at is null;
comment on column payment_disputes.updated_at is null;
comment on table money_movements is null;
comment on column money_movements.id is null;
comment on column money_movements.booking_id is null;
comment on column money_movements.payment_id is null;
comment on column money_movements.kind is null;
comment on column money_movements.stripe_id is null;
comment on column money_movements.amount is null;
comment on column money_movements.currency is null;
comment on column money_movements.occurred_at is null;
comment on column money_movements.created_at is null;
comment on column money_movements.updated_at is null;
comment on table stripe_outbox is null;
comment on column stripe_outbox.id is null;
comment on column stripe_outbox.action is null;
comment on column stripe_outbox.intent_id is null;
comment on column stripe_outbox.idempotency_key is null;
comment on column stripe_outbox.attempts is null;
comment on column stripe_outbox.next_attempt_at is null;
comment on column stripe_outbox.done_at is null;
comment on column stripe_outbox.last_error is null;
comment on column stripe_outbox.args is null;
comment on column stripe_outbox.created_at is null;
comment on column stripe_outbox.updated_at is null;
comment on table reconciliation_runs is null;
comment on column reconciliation_runs.id is null;
comment on column reconciliation_runs.day is null;
comment on column reconciliation_runs.status is null;
comment on column reconciliation_runs.checked is null;
comment on column reconciliation_runs.differences is null;
comment on column reconciliation_runs.started_at is null;
comment on column reconciliation_runs.finished_at is null;
comment on column reconciliation_runs.created_at is null;
comment on column reconciliation_runs.updated_at is null;
comment on table reconciliation_differences is null;
comment on column reconciliation_differences.id is null;
comment on column reconciliation_differences.run_id is null;
comment on column reconciliation_differences.day is null;
comment on column reconciliation_differences.kind is null;
comment on column reconciliation_differences.stripe_id is null;
comment on column reconciliation_differences.ledger_amount is null;
comment on column reconciliation_differences.stripe_amount is null;
comment on column reconciliation_differences.problem is null;
comment on column reconciliation_differences.created_at is null;
comment on column reconciliation_differences.updated_at is null;
comment on table events is null;
comment on column events.id is null;
comment on column events.type is null;
comment on column events.data is null;
comment on column events.spot_id is null;
comment on column events.user_id is null;
comment on column events.owner_id is null;
comment on column events.public is null;
comment on column events.created_at is null;
comment on column events.updated_at is null;
