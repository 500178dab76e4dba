"""Bookings: quotes, booking a slot (idempotently), lists, and the actions on a booking: change, cancel
with the refund policy, extend, check in and out, access codes."""
