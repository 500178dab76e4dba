"""Database events: each worker LISTENs on 'parkingspots_events' (sent by triggers, see
db/rules/) and hands every event to the registered handlers:
the cache (a booking, review or availability change invalidates that spot and every search) and
the WebSocket relay (api/realtime). The connection is re-opened when it drops; notifications sent
meanwhile are lost, so a reconnect invalidates every search, and the relay, told through `on_lost`
and `on_listening`, reads what it missed from the events table."""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

import asyncpg
import orjson
from sanic import Sanic

from api.core.cache import SEARCH_VERSION

log = logging.getLogger("parkingspots.events")
CHANNEL = "parkingspots_events"
Handler = Callable[[dict], Awaitable[None]]


class EventListener:
    def __init__(self, database_url: str):
        self.database_url = database_url
        self.handlers: list[Handler] = []
        self._tasks: set[asyncio.Task] = set()
        self._lost = asyncio.Event()
        self.connected = asyncio.Event()
        # Called synchronously when notifications may be missed from now on (the connection dropped)
        # and each time they flow (LISTEN is active, the first time too).
        self.on_lost: list[Callable[[], None]] = []
        self.on_listening: list[Callable[[], None]] = []

    def _on_notify(self, _conn, _pid, _channel, payload: str) -> None:
        try:
            event = orjson.loads(payload)
        except orjson.JSONDecodeError:
            log.warning("ignoring a malformed event")
            return
        for handler in self.handlers:
            task = asyncio.get_running_loop().create_task(handler(event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _connection_lost(self) -> None:
        self._lost.set()
        for callback in self.on_lost:
            callback()

    async def run(self, on_reconnect: Callable[[], Awaitable[None]]) -> None:
        """Listen until cancelled, reconnecting with a short back-off."""
        first = True
        while True:
            try:
                conn = await asyncpg.connect(self.database_url)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("event listener cannot connect: %s", type(exc).__name__)
                await asyncio.sleep(1)
                continue
            try:
                self._lost.clear()
                conn.add_termination_listener(lambda _conn: self._connection_lost())
                await conn.add_listener(CHANNEL, self._on_notify)
                for callback in self.on_listening:
                    callback()
                if not first:
                    await on_reconnect()
                first = False
                self.connected.set()
                await self._lost.wait()
                self.connected.clear()
                log.warning("event listener connection lost; reconnecting")
            finally:
                if not conn.is_closed():
                    await conn.close()


async def invalidate_cache_for(app: Sanic, event: dict) -> None:
    spot_id = event.get("spot_id")
    if spot_id:
        await app.ctx.cache.spot_changed(spot_id)


def setup_events(app: Sanic) -> None:
    @app.before_server_start
    async def start_listening(app: Sanic) -> None:
        listener = EventListener(app.ctx.settings.database_url)
        listener.handlers.append(lambda event: invalidate_cache_for(app, event))
        app.ctx.events = listener
        app.ctx.tasks.append(asyncio.get_running_loop().create_task(
            listener.run(on_reconnect=lambda: app.ctx.cache.bump(SEARCH_VERSION))))

