"""One WebSocket connection: who it is (auth), what it watches (subscribe), and the ordered stream
of what it may see, without gaps or repeats.

Delivery. Every message to the client goes through one bounded queue (WS_SEND_QUEUE) and one sender
task, so replies and events keep their order. `cursor` is the id of the last event queued; an event
at or below it is never queued again. Event ids are in commit order (db/rules/70_events.sql), so a
session can always take up the stream from its cursor out of the events table:

* The stream starts at the first `subscribe`. From then on, live events are held in `buffer`; the
  newest id is read from the events table (with LISTEN already active), what the client missed up
  to it (`last_event_id` given) is replayed from the table, and the buffer is let through above
  the cursor. A live event is either in the table read or later than it, never lost between.
* When the worker's listener connection drops (notifications are missed), every started session
  buffers again, and once LISTEN is back each catches up from its cursor the same way.
* When the queue is full (a burst larger than the queue, or a client reading slowly), live events
  are no longer held for it: it catches up from the table as it reads, so a burst loses nothing and
  memory stays bounded (the queue, and a buffer of the same size). A client that takes nothing
  from its queue for WS_MAX_LAG_SECONDS is disconnected (1013 slow_consumer; it may reconnect and
  resume); one that answers no ping is dropped by the pings.
"""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from typing import TYPE_CHECKING

import asyncpg
import orjson
from pydantic import ValidationError
from sanic.exceptions import WebsocketClosed
from websockets.exceptions import ConnectionClosed

from api.accounts import tokens
from api.core.errors import NotAuthenticated
from api.core.prometheus import WS_RECEIVED, WS_SENT
from api.core.redis import UNAVAILABLE
from api.realtime.messages import (
    CLIENT_MESSAGE,
    CLOSE_SLOW,
    CLOSE_TOKEN,
    CLOSE_TOO_MANY,
    AuthIn,
    PingIn,
    SubscribeIn,
    UnsubscribeIn,
)

if TYPE_CHECKING:
    from api.realtime.hub import Hub

log = logging.getLogger("parkingspots.realtime")
REPLAY_PAGE = 500
GONE = (ConnectionClosed, WebsocketClosed, ConnectionError)


def dumps(message: dict) -> str:
    return orjson.dumps(message).decode()


class Session:
    def __init__(self, hub: Hub, ws):
        self.hub, self.ws, self.settings = hub, ws, hub.settings
        self.id = uuid.uuid4().hex
        self.user_id: str | None = None
        self.role: str | None = None
        self.token_version: int | None = None
        self.expires_at: float | None = None
        self.spots: set[str] = set()
        self.started = False
        self.cursor = 0
        self.buffer: list[tuple[int, str, bool]] | None = None
        self.missed = False              # live events were dropped since the last table read
        self._catching_up: asyncio.Task | None = None
        self.queue: asyncio.Queue[tuple[str, bool]] = asyncio.Queue(self.settings.ws_send_queue)
        self.lock = asyncio.Lock()
        self.closing = False
        self._expiry: asyncio.TimerHandle | None = None
        self._closer: asyncio.Task | None = None

    # The connection's life.

    async def run(self, token: str | None) -> None:
        sender = asyncio.create_task(self._send_loop())
        try:
            await self.reply(type="welcome", max_spots=self.settings.ws_max_spots,
                             ping_seconds=self.settings.ws_ping_seconds)
            if token is not None:
                await self.authenticate(token)
            while not self.closing:
                await self.handle(await self.ws.recv())
        except GONE:
            pass
        except (asyncpg.PostgresError, *UNAVAILABLE) as exc:  # UNAVAILABLE: Redis or a cluster node
            log.warning("WebSocket closed on a database failure: %s", type(exc).__name__)
            self.close(1011, "unavailable")
        finally:
            self.closing = True
            self.hub.forget(self)
            if self._expiry is not None:
                self._expiry.cancel()
            if self._closer is not None:
                await self._closer  # the close frame goes out before Sanic ends the connection
            sender.cancel()
            if self.user_id is not None:
                await self.hub.limits.give_back(self.user_id, self.id)

    def close(self, code: int, reason: str) -> None:
        """Close after what is being sent now; no further message is queued or sent."""
        if self.closing:
            return
        self.closing = True
        self.hub.forget(self)
        self._closer = asyncio.get_running_loop().create_task(self._close(code, reason))

    async def _close(self, code: int, reason: str) -> None:
        try:
            await asyncio.wait_for(self.ws.close(code, reason), self.settings.ws_ping_seconds)
        except (TimeoutError, *GONE):
            self.ws.fail_connection(code, reason)

    def abort(self) -> None:
        """Drop the socket now, whatever state the closing handshake is in."""
        transport = getattr(self.ws.io_proto, "transport", None)
        if transport is not None:
            transport.abort()

    def _drop_slow_client(self) -> None:
        """The client has read nothing for WS_MAX_LAG_SECONDS: drop it now (no closing handshake
        waits behind its queue)."""
        if self.closing:
            return
        self.closing = True
        self.hub.forget(self)
        log.info("WebSocket client too slow: disconnected (%s queued)", self.queue.qsize())
        self.ws.fail_connection(CLOSE_SLOW, "slow_consumer")
        # fail_connection closes the transport gracefully, which waits for the write buffer to drain:
        # a client that reads nothing never drains it, and Sanic's auto-closer gives up only after its
        # own timeout. The close frame cannot reach such a client anyway: drop the socket now.
        self.abort()

    async def _send_loop(self) -> None:
        try:
            while True:
                text, private = await self.queue.get()
                if self.closing:
                    return
                if private and self.expires_at is not None and time.time() >= self.expires_at:
                    self.close(CLOSE_TOKEN, "token_expired")
                    return
                await self.ws.send(text)
                WS_SENT.inc()
        except GONE:
            return

    async def reply(self, **message) -> None:
        """A control message, in order with the events (waits while the queue is full)."""
        if not self.closing:
            await self.queue.put((dumps(message), False))

    async def error(self, detail: str, *, code: str) -> None:
        await self.reply(type="error", code=code, detail=detail)

    # What the client sends.

    async def handle(self, raw) -> None:
        if not isinstance(raw, str):
            WS_RECEIVED("invalid").inc()
            await self.error("send JSON text frames", code="malformed_json")
            return
        try:
            message = CLIENT_MESSAGE.validate_json(raw)
        except ValidationError as exc:
            WS_RECEIVED("invalid").inc()
            await self._refuse(exc)
            return
        WS_RECEIVED(message.type).inc()
        if isinstance(message, AuthIn):
            await self.authenticate(message.token)
        elif isinstance(message, SubscribeIn):
            await self.subscribe(message)
        elif isinstance(message, UnsubscribeIn):
            self.hub.unwatch(self, {str(spot) for spot in message.spots})
            await self._subscribed(replayed=0)
        elif isinstance(message, PingIn):
            await self.reply(type="pong")

    async def _refuse(self, exc: ValidationError) -> None:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "json_invalid" or first["type"] in ("model_attributes_type", "dict_type", "model_type"):
            await self.error("not a JSON object", code="malformed_json")
        elif first["type"] in ("union_tag_invalid", "union_tag_not_found"):
            await self.error("type must be one of auth, subscribe, unsubscribe, ping", code="unknown_message")
        else:
            where = ".".join(str(part) for part in first["loc"][1:]) or "message"
            await self.error(f"{where}: {first['msg']}", code="validation")

    async def authenticate(self, token: str) -> bool:
        """Sign the connection in (or renew its token); False when it is being closed."""
        try:
            payload = tokens.decode(self.settings, token, "access")
        except NotAuthenticated as exc:
            self.close(CLOSE_TOKEN, exc.code)
            return False
        async with self.hub.pool.acquire() as conn:
            user = await self.hub.queries.accounts.get_auth_user(conn, user_id=payload["sub"])
        if user is None or not user["is_active"] or user["token_version"] != payload["ver"]:
            self.close(CLOSE_TOKEN, "token_revoked")
            return False
        user_id = str(user["id"])
        if self.user_id is not None and self.user_id != user_id:
            await self.error("this connection is signed in as another user", code="auth_user_changed")
            return True
        if self.user_id is None:
            if not await self.hub.limits.take(user_id, self.id, self.hub.open_for(user_id)):
                self.close(CLOSE_TOO_MANY, "too_many_connections")
                return False
            self.hub.sign_in(self, user_id)
        self.role, self.token_version, self.expires_at = user["role"], user["token_version"], float(payload["exp"])
        if self._expiry is not None:
            self._expiry.cancel()
        self._expiry = asyncio.get_running_loop().call_later(
            max(self.expires_at - time.time(), 0), self.close, CLOSE_TOKEN, "token_expired")
        await self.reply(type="authenticated", user_id=user_id, role=self.role,
                         expires_at=_iso(self.expires_at))
        return True

    async def subscribe(self, message: SubscribeIn) -> None:
        spots = {str(spot) for spot in message.spots}
        limit = self.settings.ws_max_spots
        if len(self.spots | spots) > limit:
            await self.error(f"a connection watches at most {limit} spots", code="too_many_spots")
            return
        if message.last_event_id is not None and self.started:
            await self.error("last_event_id is read on the first subscribe only", code="resume_after_start")
            return
        self.hub.watch(self, spots)
        if self.started:
            await self._subscribed(replayed=0)
            return
        self.buffer = [] if self.buffer is None else self.buffer  # before `started`: no event slips past
        self.started = True
        async with self.lock:
            await self._sync(message.last_event_id, announce=True)

    async def _subscribed(self, replayed: int) -> None:
        await self.reply(type="subscribed", spots=sorted(self.spots), last_event_id=self.cursor, replayed=replayed)

    # The stream.

    def offer(self, event_id: int, text: str, private: bool) -> None:
        """A live event for this connection (called by the hub, in id order)."""
        if self.closing:
            return
        if self.buffer is not None:
            if self.missed or len(self.buffer) >= self.settings.ws_send_queue:
                self.missed = True  # the table has it: the sync in progress reads it again
            else:
                self.buffer.append((event_id, text, private))
            return
        if not self.started or event_id <= self.cursor:
            return
        try:
            self.queue.put_nowait((text, private))
        except asyncio.QueueFull:
            self.buffer, self.missed = [], True  # behind: catch up from the table as the client reads
            if self._catching_up is None or self._catching_up.done():
                self._catching_up = asyncio.get_running_loop().create_task(self.catch_up())
            return
        self.cursor = event_id

    def hold(self) -> None:
        """Notifications may be missed from now on: buffer until `catch_up`."""
        if self.started and self.buffer is None:
            self.buffer = []

    async def catch_up(self) -> None:
        """Send what was missed (LISTEN was down, or the queue was full), then go live again."""
        async with self.lock:
            if self.closing or self.buffer is None:
                return
            try:
                if self.user_id is not None and not await self._tokens_still_good():
                    return
                await self._sync(self.cursor, announce=False)
            except (asyncpg.PostgresError, OSError) as exc:
                log.warning("WebSocket closed, its catch-up failed: %s", type(exc).__name__)
                self.close(1011, "unavailable")
            except GONE:
                pass

    async def _tokens_still_good(self) -> bool:
        async with self.hub.pool.acquire() as conn:
            user = await self.hub.queries.accounts.get_auth_user(conn, user_id=self.user_id)
        if user is None or not user["is_active"] or user["token_version"] != self.token_version:
            self.close(CLOSE_TOKEN, "token_revoked")
            return False
        return True

    async def _sync(self, after: int | None, *, announce: bool) -> None:
        """Replay the table after `after` (None: from now), then let the buffer through. Repeated
        while the buffer missed events meanwhile (the listener dropped, or it filled)."""
        while not self.closing:
            generation = await self.hub.listening()
            # From here the buffer holds every event after the read below (unless it fills: missed);
            # what it held before is at or below that read's newest id.
            self.buffer, self.missed = [], False
            async with self.hub.pool.acquire() as conn:
                window = await self.hub.queries.realtime.event_window(conn)
            high, low = window["high"], window["low"]
            replayed = 0
            if after is not None and (after > high or after < low - 1):
                self.cursor = high
                await self.reply(type="resync", last_event_id=high)
            elif after is not None:
                self.cursor = after
                replayed = await self._replay(high)
            else:
                self.cursor = high
            if announce:
                await self._subscribed(replayed)
                announce = False
            if self.hub.generation == generation and self.hub.is_listening and not self.missed:
                pending, self.buffer = self.buffer or [], None
                for event_id, text, private in pending:
                    self.offer(event_id, text, private)
                return
            after = self.cursor

    async def _replay(self, high: int) -> int:
        sent = 0
        while self.cursor < high and not self.closing:
            async with self.hub.pool.acquire() as conn:
                rows = [row async for row in self.hub.queries.realtime.events_after(
                    conn, after=self.cursor, upto=high, user_id=self.user_id, spots=list(self.spots),
                    lim=REPLAY_PAGE)]
            for row in rows:
                try:
                    await asyncio.wait_for(self.queue.put((dumps(row["message"]), not row["public"])),
                                           self.settings.ws_max_lag_seconds)
                except TimeoutError:
                    self._drop_slow_client()
                    return sent
                sent += 1
            if len(rows) < REPLAY_PAGE:
                break
            self.cursor = rows[-1]["id"]
        self.cursor = max(self.cursor, high)
        return sent


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
