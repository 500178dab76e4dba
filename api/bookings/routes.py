"""The booking endpoints: one blueprint group for /bookings."""
from __future__ import annotations

from sanic import Blueprint

from api.bookings import actions, bookings

routes = Blueprint.group(bookings.bp, actions.bp, url_prefix="/bookings")
