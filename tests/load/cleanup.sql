-- The load test's cleanup (tests/load/locustfile.py): what one run made, found by its drivers'
-- emails (load-<run>-<n>@load.parkingspots.dev), deleted in one transaction. Its drivers are
-- renters with payments off: their bookings have no payments, extensions or reviews, and the
-- counters on the spots follow the deletes (the bookings' count trigger).

-- name: count_load_run(email_pattern)^
select count(distinct u.id) as users, count(b.id) as bookings
from users u
left join bookings b on b.user_id = u.id
where u.email like :email_pattern;

-- name: delete_load_run_bookings(email_pattern)!
delete from bookings b
using users u
where b.user_id = u.id
  and u.email like :email_pattern;

-- name: delete_load_run_users(email_pattern)!
-- Their refresh tokens and idempotency keys go with them (on delete cascade).
delete from users
where email like :email_pattern;
