"""A WebSocket client for the tests (the `websockets` package, as a phone or browser would connect):
every message it receives is checked against the documented server messages
(api/realtime/messages.py, the OpenAPI document's component schemas)."""
from __future__ import annotations

import asyncio
import json
import socket
from collections import Counter

import psutil
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from api.realtime.messages import PROTOCOL, SERVER_MESSAGE

EVENT_TYPES = ("spot_availability", "booking_update", "new_booking", "new_review")


class Ws:
    def __init__(self, conn: ClientConnection):
        self.conn = conn
        self.welcome: dict | None = None

    @classmethod
    async def open(cls, url: str, *, protocols: list[str] | None = None, receive_buffer: int | None = None,
                   **options) -> Ws:
        """Connected, its `welcome` read. receive_buffer: a small SO_RCVBUF (a client that reads slowly)."""
        sock = None
        if receive_buffer is not None:
            host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            sock.connect((host, int(port)))
        ws = cls(await connect(url, subprotocols=protocols or [PROTOCOL], sock=sock, open_timeout=10, **options))
        ws.welcome = await ws.expect("welcome")
        return ws

    async def send(self, **message) -> None:
        await self.conn.send(json.dumps(message))

    async def recv(self, timeout: float = 5, check: bool = True) -> dict:
        raw = await asyncio.wait_for(self.conn.recv(), timeout)
        message = json.loads(raw)
        if check:
            SERVER_MESSAGE.validate_python(message)  # as documented
        return message

    async def expect(self, type_: str, timeout: float = 5) -> dict:
        message = await self.recv(timeout)
        assert message["type"] == type_, message
        return message

    async def sign_in(self, token: str) -> dict:
        await self.send(type="auth", token=token)
        return await self.expect("authenticated")

    async def start(self, spots=(), last_event_id: int | None = None) -> tuple[list[dict], dict]:
        """subscribe; (the events replayed before the answer, the `subscribed` answer)."""
        message = {"type": "subscribe", "spots": [str(spot) for spot in spots]}
        if last_event_id is not None:
            message["last_event_id"] = last_event_id
        await self.send(**message)
        replayed = []
        while (received := await self.recv())["type"] != "subscribed":
            replayed.append(received)
        return replayed, received

    async def events(self, count: int, timeout: float = 5, check_all: bool = True) -> list[dict]:
        """The next `count` messages, all events (each checked against its schema, or only the first)."""
        found = [await self.recv(timeout, check=check_all or n == 0) for n in range(count)]
        assert all(m["type"] in EVENT_TYPES for m in found), found
        return found

    async def silent(self, seconds: float = 0.5) -> None:
        """Nothing arrives within `seconds`."""
        try:
            message = await asyncio.wait_for(self.conn.recv(), seconds)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message {message}")

    async def closed(self, timeout: float = 5) -> tuple[int | None, str]:
        """Read until the server closes; (close code, reason)."""
        try:
            while True:
                await asyncio.wait_for(self.conn.recv(), timeout)
        except ConnectionClosed as closed:
            return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, "")

    async def ping(self) -> None:
        await self.send(type="ping")
        await self.expect("pong")

    async def close(self) -> None:
        await self.conn.close()

    def worker_pid(self, port: int) -> int:
        """The server process holding this connection."""
        local = self.conn.local_address[:2]
        for c in psutil.net_connections(kind="tcp"):
            if c.raddr and (c.raddr.ip, c.raddr.port) == local and c.laddr.port == port and c.pid:
                return c.pid
        raise AssertionError("no server process holds this connection")


def workers_of(clients: list[Ws], port: int) -> Counter:
    return Counter(ws.worker_pid(port) for ws in clients)


def event_ids(messages: list[dict]) -> list[int]:
    return [m["id"] for m in messages if m["type"] in EVENT_TYPES]
