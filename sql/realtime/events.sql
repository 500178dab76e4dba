-- name: event_window()^
-- The ids a client can resume from. high: the newest event (0 when there is none yet); every event
-- after low - 1 is still kept (purge_events deletes the oldest ids only, never the newest).
select coalesce(max(id), 0) as high,
       coalesce(min(id), 1) as low
from events;

-- name: events_after(after, upto, user_id, spots, lim)
-- What a connection may see after id `after`, up to `upto`, oldest first: the public events of the
-- spots it watches, and the events of bookings its user rents or whose spot the user owns.
select e.id,
       event_message(e) as message,
       e.public
from events e
where e.id > :after
  and e.id <= :upto
  and ((e.public and e.spot_id = any(:spots::uuid[]))
       or e.user_id = :user_id::uuid
       or e.owner_id = :user_id::uuid)
order by e.id
limit :lim;

-- name: user_tokens(user_ids)
-- Whether the tokens of these users are still good: their version and whether they are active
-- (a user who no longer exists has no row).
select id,
       is_active,
       token_version
from users
where id = any(:user_ids::uuid[]);
