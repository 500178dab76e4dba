"""This worker's WebSocket connections, and the relay from the database's notifications to them.

Every worker LISTENs (api/core/events.py) and so gets every event; the hub hands each one to the
connections of this worker allowed to see it: those watching its spot when it is public
(spot_availability, new_review), else the connections of the booking's renter and of the spot's
owner. That rule is the `audience` the database attaches (db/rules/70_events.sql) and the same
rule `events_after` applies when a client resumes (sql/realtime/events.sql). Admins get no one
else's bookings: they see what any user sees.

Tokens. A connection's access token is checked when it is given, the connection closes when the
token expires, and when its user's token_version moves on or the user is locked
(`user_tokens_changed`, sent on the same channel in commit order, so no booking event committed
after the change reaches it), with a check of every signed-in connection every
WS_AUTH_CHECK_SECONDS against the database besides.
"""
from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

import asyncpg
import orjson

from api.core.context import App, AppContext, Request
from api.core.prometheus import WS_OPEN, WS_OPENED
from api.realtime.limits import ConnectionLimit
from api.realtime.messages import CLOSE_ORIGIN, CLOSE_TOKEN, TOKEN_PROTOCOL_PREFIX
from api.realtime.session import Session

log = logging.getLogger("parkingspots.realtime")


class Hub:
    def __init__(self, ctx: AppContext):
        self.settings, self.pool, self.queries = ctx.settings, ctx.pool, ctx.queries
        self.limits = ConnectionLimit(ctx.redis, self.settings.ws_max_connections_per_user,
                                      lease_seconds=2 * self.settings.ws_auth_check_seconds + 30)
        self.sessions: set[Session] = set()
        self.by_spot: dict[str, set[Session]] = {}
        self.by_user: dict[str, set[Session]] = {}
        self.is_listening = False
        self.generation = 0              # moves on each time LISTEN starts again
        self._listening = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()

    # Connections.

    async def serve(self, request: Request, ws) -> None:
        origin = request.headers.get("origin")
        if origin and not self._origin_allowed(origin, request.host):
            await ws.close(CLOSE_ORIGIN, "origin_not_allowed")
            return
        session = Session(self, ws)
        self.sessions.add(session)
        WS_OPENED.inc()
        with WS_OPEN.track_inprogress():
            await session.run(_protocol_token(request.headers.get("sec-websocket-protocol", "")))

    def _origin_allowed(self, origin: str, host: str) -> bool:
        """Browsers may connect from the origins CORS_ORIGINS admits, or from the API's own host."""
        allowed = self.settings.allowed_origins
        return "*" in allowed or origin.lower() in allowed or urlsplit(origin).netloc.lower() == host.lower()

    def forget(self, session: Session) -> None:
        self.sessions.discard(session)
        self._drop(self.by_spot, session.spots, session)
        if session.user_id is not None:
            self._drop(self.by_user, (session.user_id,), session)

    def watch(self, session: Session, spots: set[str]) -> None:
        session.spots |= spots
        for spot in spots:
            self.by_spot.setdefault(spot, set()).add(session)

    def unwatch(self, session: Session, spots: set[str]) -> None:
        self._drop(self.by_spot, spots & session.spots, session)
        session.spots -= spots

    def sign_in(self, session: Session, user_id: str) -> None:
        session.user_id = user_id
        self.by_user.setdefault(user_id, set()).add(session)

    def open_for(self, user_id: str) -> int:
        return len(self.by_user.get(user_id, ()))

    @staticmethod
    def _drop(index: dict[str, set[Session]], keys, session: Session) -> None:
        for key in keys:
            members = index.get(key)
            if members is not None:
                members.discard(session)
                if not members:
                    del index[key]

    # The listener.

    def lost(self) -> None:
        self.is_listening = False
        self._listening.clear()
        for session in self.sessions:
            session.hold()

    def resumed(self) -> None:
        self.is_listening = True
        self.generation += 1
        self._listening.set()
        for session in list(self.sessions):
            if session.started and session.buffer is not None:
                self._spawn(session.catch_up())

    async def listening(self) -> int:
        """Wait until LISTEN is active; its generation."""
        await self._listening.wait()
        return self.generation

    async def relay(self, event: dict) -> None:
        """One notification to the connections allowed to see it. No await: notifications are
        handled in the order they arrive, which is the order of their ids."""
        if event.get("type") == "user_tokens_changed":
            self._tokens_changed(event)
            return
        audience, event_id = event.get("audience"), event.get("id")
        if not isinstance(audience, dict) or not isinstance(event_id, int):
            return
        recipients: set[Session] = set()
        if audience.get("public"):
            recipients |= self.by_spot.get(audience.get("spot_id"), set())
        else:
            for party in (audience.get("user_id"), audience.get("owner_id")):
                recipients |= self.by_user.get(party, set())
        if recipients:
            text = orjson.dumps({key: value for key, value in event.items() if key != "audience"}).decode()
            for session in recipients:
                session.offer(event_id, text, not audience.get("public"))

    def _tokens_changed(self, event: dict) -> None:
        for session in list(self.by_user.get(event.get("user_id"), ())):
            if not event.get("is_active") or session.token_version != event.get("token_version"):
                session.close(CLOSE_TOKEN, "token_revoked")

    # Token checks.

    async def check_tokens_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.ws_auth_check_seconds)
            try:
                await self.check_tokens()
            except (asyncpg.PostgresError, OSError) as exc:
                log.warning("WebSocket tokens not checked this time: %s", type(exc).__name__)

    async def check_tokens(self) -> None:
        users = list(self.by_user)
        if not users:
            return
        async with self.pool.acquire() as conn:
            found = {str(row["id"]): row async for row in self.queries.realtime.user_tokens(conn, user_ids=users)}
        for user_id in users:
            row = found.get(user_id)
            for session in list(self.by_user.get(user_id, ())):
                if row is None or not row["is_active"] or row["token_version"] != session.token_version:
                    session.close(CLOSE_TOKEN, "token_revoked")
        await self.limits.renew([(user_id, session.id) for user_id, sessions in self.by_user.items()
                                 for session in sessions])

    async def close_all(self) -> None:
        """The server is stopping: every connection is told (1001 server_stopping) and, after half a
        second for the close frames to go out, its socket is dropped, so none outlives the worker's
        loop (an open one at exit has hung a worker's interpreter shutdown). Clients reconnect and resume."""
        sessions = list(self.sessions)
        for session in sessions:
            session.close(1001, "server_stopping")
        if sessions:
            await asyncio.sleep(0.5)
        for session in sessions:
            session.abort()

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _protocol_token(header: str) -> str | None:
    """The access token a browser offered as the subprotocol "bearer.<token>", if any."""
    for offered in header.split(","):
        offered = offered.strip()
        if offered.startswith(TOKEN_PROTOCOL_PREFIX):
            return offered[len(TOKEN_PROTOCOL_PREFIX):] or None
    return None


def setup_realtime(app: App) -> None:
    """The WebSocket's limits as Sanic applies them, and a hub per worker fed by the event listener
    (call it after setup_events)."""
    settings = app.ctx.settings
    app.config.update(WEBSOCKET_MAX_SIZE=settings.ws_max_message_bytes,
                      WEBSOCKET_PING_INTERVAL=settings.ws_ping_seconds,
                      WEBSOCKET_PING_TIMEOUT=settings.ws_ping_seconds)
    # At DEBUG the websockets library logs frames, and a client's first frame carries its token.
    frames = logging.getLogger("sanic.websockets")
    frames.setLevel(max(frames.getEffectiveLevel(), logging.INFO))

    @app.before_server_start
    async def open_hub(app: App) -> None:
        hub = Hub(app.ctx)
        app.ctx.realtime = hub
        events = app.ctx.events
        events.handlers.append(hub.relay)
        events.on_lost.append(hub.lost)
        events.on_listening.append(hub.resumed)
        if events.connected.is_set():  # it connected before these hooks were in place
            hub.resumed()
        app.ctx.tasks.append(asyncio.get_running_loop().create_task(hub.check_tokens_forever()))

    @app.before_server_stop
    async def close_connections(app: App) -> None:
        await app.ctx.realtime.close_all()
