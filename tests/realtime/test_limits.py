"""What keeps one client from hurting the server or others: bad messages get an error frame (the
connection stays), large messages close it (1009), subscriptions are bounded, connections per user
too (over all workers), a client that stops reading is disconnected (1013) instead of growing memory,
a client that answers no ping is dropped, and browser pages from other origins are refused."""
from __future__ import annotations

import asyncio
import base64
import os
import socket
import uuid

import psutil
from websockets.asyncio.client import connect

from api.realtime.messages import PROTOCOL
from tests.realtime.wsclient import Ws, event_ids

SPOT = "5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f"


async def test_a_bad_message_gets_an_error_frame_and_the_connection_stays(serve):
    cases = [
        ("not json", "malformed_json"),
        ("[1, 2]", "malformed_json"),
        ('"subscribe"', "malformed_json"),
        ("{}", "unknown_message"),
        ('{"type": "shout"}', "unknown_message"),
        ('{"type": "subscribe", "spots": ["not-a-uuid"]}', "validation"),
        ('{"type": "subscribe", "spots": [], "last_event_id": -1}', "validation"),
        ('{"type": "subscribe", "spots": [], "colour": "red"}', "validation"),
        ('{"type": "unsubscribe"}', "validation"),
        ('{"type": "auth", "token": ""}', "validation"),
        ('{"type": "auth", "token": 42}', "validation"),
    ]
    with serve() as server:
        ws = await Ws.open(server.ws)
        for raw, code in cases:
            await ws.conn.send(raw)
            error = await ws.expect("error")
            assert error["code"] == code, (raw, error)
        await ws.conn.send(b'{"type": "ping"}')  # a binary frame
        assert (await ws.expect("error"))["code"] == "malformed_json"
        await ws.send(type="subscribe", spots=[str(uuid.uuid4()) for _ in range(101)])
        assert (await ws.expect("error"))["code"] == "too_many_spots"
        await ws.start([SPOT])
        await ws.send(type="subscribe", spots=[], last_event_id=3)
        assert (await ws.expect("error"))["code"] == "resume_after_start"
        await ws.ping()
        await ws.close()


async def test_a_message_over_the_size_limit_closes_the_connection(serve):
    with serve(WS_MAX_MESSAGE_BYTES=2048) as server:
        ws = await Ws.open(server.ws)
        await ws.send(type="subscribe", spots=[str(uuid.uuid4()) for _ in range(40)])  # 1.6 KB: fine
        await ws.expect("subscribed")
        await ws.send(type="subscribe", spots=[str(uuid.uuid4()) for _ in range(60)])  # 2.4 KB
        assert (await ws.closed())[0] == 1009


async def test_subscriptions_are_bounded_per_connection(serve):
    spots = [str(uuid.uuid4()) for _ in range(4)]
    with serve(WS_MAX_SPOTS=3) as server:
        ws = await Ws.open(server.ws)
        assert ws.welcome["max_spots"] == 3
        _, answer = await ws.start(spots[:3])
        assert answer["spots"] == sorted(spots[:3])
        await ws.send(type="subscribe", spots=spots[3:])
        assert (await ws.expect("error"))["code"] == "too_many_spots"
        await ws.send(type="unsubscribe", spots=spots[:1])
        assert (await ws.expect("subscribed"))["spots"] == sorted(spots[1:3])
        await ws.send(type="subscribe", spots=spots[3:])
        assert (await ws.expect("subscribed"))["spots"] == sorted(spots[1:])
        await ws.close()


async def test_connections_per_user_are_limited_over_all_workers(serve, user):
    renter, other = await user("renter"), await user("renter")
    with serve(WS_MAX_CONNECTIONS_PER_USER=2) as server:
        first, second = await Ws.open(server.ws), await Ws.open(server.ws)
        for ws in (first, second):
            await ws.sign_in(renter.token)
        third = await Ws.open(server.ws)
        await third.send(type="auth", token=renter.token)
        assert await third.closed() == (4429, "too_many_connections")
        stranger = await Ws.open(server.ws)
        await stranger.sign_in(other.token)  # others are not affected
        await first.sign_in(renter.token)    # renewing is not another connection
        await first.close()
        await asyncio.sleep(0.3)
        again = await Ws.open(server.ws)
        await again.sign_in(renter.token)    # a closed connection gives its slot back
        for ws in (second, stranger, again):
            await ws.close()


async def test_bursts_larger_than_the_queue_lose_nothing_and_a_client_that_stops_reading_is_dropped(
        serve, user, conn, q):
    """WS_SEND_QUEUE 16 and bursts of 1,000 events: a client that reads gets every event once, in order
    (what did not fit is read back from the events table as it reads); a client that reads nothing
    for WS_MAX_LAG_SECONDS is disconnected (1013), and nothing waits for it in memory meanwhile."""
    owner = await user("owner")
    spots = [row["id"] async for row in q.create_spots(conn, owner_id=owner.id, n=1000)]
    with serve(WS_SEND_QUEUE=16, WS_MAX_LAG_SECONDS=2, WS_MAX_SPOTS=1000, WS_MAX_MESSAGE_BYTES=65536) as server:
        reader = await Ws.open(server.ws, max_queue=None)
        sleeper = await Ws.open(server.ws, receive_buffer=4096, max_queue=4)
        for ws in (reader, sleeper):
            await ws.start(spots)
        sleeper_pid, sleeper_port = sleeper.worker_pid(server.port), sleeper.conn.local_address[1]

        def sleeper_connected() -> bool:
            return any(c.raddr and c.raddr[1] == sleeper_port for c in psutil.Process(sleeper_pid).net_connections())

        received, rounds = [], 0
        while sleeper_connected():  # once the socket buffers between them are full, 2 s more
            assert rounds < 60, "the client that reads nothing is still connected"
            await q.flip_spots_of(conn, owner_id=owner.id)
            received += event_ids(await reader.events(len(spots), timeout=10, check_all=False))
            rounds += 1
            await asyncio.sleep(0.1)
        assert rounds > 1
        assert received == sorted(set(received)) and len(received) == rounds * len(spots)
        assert received == [r["id"] async for r in q.recorded_events(conn)]
        await reader.silent(0.5)
        await reader.ping()
        await reader.close()
    assert "WebSocket client too slow: disconnected" in server.log.read_text()


async def test_a_client_that_answers_no_ping_is_dropped(serve):
    """A raw socket that completes the handshake and then neither reads nor answers: the server's
    pings (every WS_PING_SECONDS) go unanswered and it closes the connection."""
    with serve(WS_PING_SECONDS=1) as server:
        sock = socket.create_connection(("127.0.0.1", server.port))
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Protocol: {PROTOCOL}\r\n\r\n").encode())
        await asyncio.sleep(4)
        sock.settimeout(5)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        sock.close()
        assert received.startswith(b"HTTP/1.1 101")
        assert b"\x89" in received  # the server pinged (opcode 9), then gave up and closed


async def test_browser_pages_from_other_origins_are_refused(serve):
    with serve(CORS_ORIGINS="https://app.example.com") as server:
        foreign = await _open_from(server.ws, "https://evil.example.com")
        assert await foreign.closed() == (4403, "origin_not_allowed")
        for origin in ("https://app.example.com", f"http://127.0.0.1:{server.port}"):  # admitted, its own host
            ws = await _open_from(server.ws, origin)
            await ws.expect("welcome")
            await ws.close()


async def _open_from(url: str, origin: str) -> Ws:
    return Ws(await connect(url, subprotocols=[PROTOCOL], origin=origin))
