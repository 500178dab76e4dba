"""The pg_cron procedures, run by hand with a chosen clock: each moves what is due, only that,
and does nothing when run again."""
from __future__ import annotations

from datetime import timedelta

from tests.db.conftest import HOUR, T0

MINUTE = timedelta(minutes=1)


async def status_of(conn, q, booking):
    return (await q.get_booking(conn, booking_id=booking["id"]))["status"]


async def test_auto_start_moves_confirmed_bookings_whose_start_passed(conn, q, book, world):
    due = await book(0, 2)
    later = await book(4, 2, user=world.other)
    held = await book(8, 2, status="pending")
    assert await q.auto_start(conn, now=T0 - MINUTE) == 0
    assert await q.auto_start(conn, now=T0) == 1
    assert await q.auto_start(conn, now=T0) == 0  # idempotent
    assert [await status_of(conn, q, b) for b in (due, later, held)] == ["in_progress", "confirmed", "pending"]


async def test_auto_checkout_completes_bookings_whose_end_passed(conn, q, book):
    booking = await book(0, 2)
    await q.auto_start(conn, now=T0 + HOUR)
    assert await q.auto_checkout(conn, now=T0 + HOUR) == 0
    assert await q.auto_checkout(conn, now=T0 + 2 * HOUR) == 1
    assert await q.auto_checkout(conn, now=T0 + 3 * HOUR) == 0  # idempotent
    done = await q.get_booking(conn, booking_id=booking["id"])
    assert done["status"] == "completed"
    assert done["checked_out_at"] == T0 + 2 * HOUR


async def test_a_missed_booking_starts_then_completes(conn, q, book):
    booking = await book(0, 2)
    late = T0 + 5 * HOUR
    assert (await q.auto_start(conn, now=late), await q.auto_checkout(conn, now=late)) == (1, 1)
    assert await status_of(conn, q, booking) == "completed"


async def test_expired_hold_is_cancelled_and_frees_the_slot(conn, q, book, world):
    held = await book(0, 2, status="pending")
    expiry = held["hold_expires_at"]
    assert await q.expire_holds(conn, now=expiry - MINUTE) == 0
    assert await q.expire_holds(conn, now=expiry) == 1
    assert await q.expire_holds(conn, now=expiry + HOUR) == 0  # idempotent
    cancelled = await q.get_booking(conn, booking_id=held["id"])
    assert (cancelled["status"], cancelled["payment_status"]) == ("cancelled", "expired")
    assert cancelled["cancellation_reason"] == "payment window expired"
    taken = await book(0, 2, user=world.other)
    assert taken["status"] == "confirmed"


async def test_paid_hold_is_not_expired(conn, q, book):
    held = await book(0, 2, status="pending")
    await q.set_booking_status(conn, booking_id=held["id"], status="confirmed")
    assert await q.expire_holds(conn, now=T0 + 100 * HOUR) == 0


async def test_purge_outbox_removes_delivered_and_old_mail_and_keeps_recent_unsent(conn, q):
    day = 24 * HOUR
    mails = {
        "unsent-recent": (T0 - 6 * day, None),
        "unsent-old": (T0 - 7 * day - MINUTE, None),
        "sent-today": (T0 - 2 * day, T0 - 23 * HOUR),
        "sent-yesterday": (T0 - 2 * day, T0 - day - MINUTE),
        "sent-late-old": (T0 - 8 * day, T0 - HOUR),
    }
    for name, (created, sent) in mails.items():
        await q.add_mail(conn, recipient=f"{name}@example.com", body="a link", created_at=created, sent_at=sent)
    assert await q.purge_outbox(conn, now=T0) == 3
    assert await q.purge_outbox(conn, now=T0) == 0  # idempotent
    kept = [(r["recipient"], r["body"]) async for r in q.outbox_mail(conn)]
    assert kept == [("unsent-recent@example.com", "a link"), ("sent-today@example.com", "")]


async def test_take_outbox_mail_marks_sent_and_clears_the_body(conn, q):
    first = await q.add_mail(conn, recipient="a@example.com", body="link a", created_at=T0 - HOUR, sent_at=None)
    await q.add_mail(conn, recipient="b@example.com", body="link b", created_at=T0, sent_at=None)
    [taken] = [m async for m in q.take_outbox_mail(conn, lim=1, now=T0)]
    assert (taken["id"], taken["body"]) == (first, "link a")
    rows = [(r["recipient"], r["body"], r["sent_at"]) async for r in q.outbox_mail(conn)]
    assert rows == [("a@example.com", "", T0), ("b@example.com", "link b", None)]
