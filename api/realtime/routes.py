"""/api/v1/ws: the WebSocket of real-time events (the hub and sessions do the work)."""
from __future__ import annotations

from sanic import Blueprint

from api.core.context import Request
from api.core.openapi import websocket
from api.realtime.messages import CLIENT_MODELS, PROTOCOL, SERVER_MODELS

DESCRIPTION = f"""Real-time events over a WebSocket: `GET /api/v1/ws` with `Upgrade: websocket` and the
subprotocol `{PROTOCOL}`. Messages are JSON text frames, one object each, told apart by `type`.

1. The server sends `welcome`.
2. Sign in (optional) with `{{"type": "auth", "token": "<access token>"}}`, or offer the subprotocol
   `bearer.<access token>` beside `{PROTOCOL}` (browsers cannot set headers); never put a token in the URL.
   Answer: `authenticated`. Anonymous connections see public spot events only.
3. Start the stream with `{{"type": "subscribe", "spots": [...], "last_event_id": n}}`: the public events
   (`spot_availability`, `new_review`) of those spots, and, signed in, `new_booking` and `booking_update`
   of the bookings you rent and of bookings of spots you own; nobody else's. After a reconnect, give the
   id of the last event you received: what you missed is sent first, in order, once (events are kept
   24 hours; older or unknown ids get `resync`). Answer: `subscribed` with the id the stream continues after.
4. `unsubscribe`, `ping` (`pong`), and `auth` again with a fresh token of the same user before yours expires.

A message the server cannot take gets an `error` frame and the connection stays open. Close codes:
1009 message too large; 1013 `slow_consumer` (reconnect and resume); 4401 `token_expired`,
`token_revoked`, `token_invalid`, `token_wrong_type`; 4403 `origin_not_allowed`; 4429
`too_many_connections`. The server pings every WS_PING_SECONDS. docs/realtime.md shows a session."""

bp = Blueprint("realtime")


@bp.websocket("/ws", subprotocols=[PROTOCOL])
@websocket(DESCRIPTION, client=CLIENT_MODELS, server=SERVER_MODELS)
async def events_socket(request: Request, ws):
    """The WebSocket of real-time events."""
    await request.app.ctx.realtime.serve(request, ws)


routes = Blueprint.group(bp)
