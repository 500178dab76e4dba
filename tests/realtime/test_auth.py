"""Signing a WebSocket in without a token in the URL (a first `auth` message, or the subprotocol
`bearer.<token>` browsers can send), and the connection closing (4401) when its token expires or is
revoked: the token_version rule of accounts, checked at once through the database's notice and every
WS_AUTH_CHECK_SECONDS."""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
from websockets.asyncio.client import connect

from api.realtime.messages import PROTOCOL
from tests.realtime.conftest import next_slot
from tests.realtime.wsclient import Ws

PASSWORD = "correct-horse-battery"


async def test_a_first_message_or_the_subprotocol_signs_in_and_no_token_is_logged(serve, user, mint):
    renter, owner = await user("renter"), await user("owner")
    with serve(LOG_LEVEL="DEBUG") as server:
        ws = await Ws.open(server.ws)
        assert ws.welcome == {"type": "welcome", "max_spots": 100, "ping_seconds": 20}
        signed = await ws.sign_in(renter.token)
        assert (signed["user_id"], signed["role"]) == (str(renter.id), "renter")
        renewed = await ws.sign_in(mint(renter.id, minutes=60))  # the same user, a fresh token
        assert renewed["expires_at"] > signed["expires_at"]
        await ws.send(type="auth", token=owner.token)
        assert (await ws.expect("error"))["code"] == "auth_user_changed"
        await ws.ping()

        browser = await Ws.open(server.ws, protocols=[PROTOCOL, f"bearer.{owner.token}"])
        assert browser.conn.subprotocol == PROTOCOL
        assert (await browser.expect("authenticated"))["user_id"] == str(owner.id)
        for client in (ws, browser):
            await client.close()
        await asyncio.sleep(0.3)
    log = server.log.read_text()
    assert "DEBUG" in log
    for token in (renter.token, owner.token):
        assert token not in log and token.rsplit(".", 1)[1] not in log


async def test_a_bad_token_closes_the_connection(serve, user, mint, conn, q):
    renter = await user("renter")
    locked = await user("renter")
    await q.lock_user(conn, user_id=locked.id)
    cases = {
        "not a token": "token_invalid",
        mint(renter.id, kind="refresh"): "token_wrong_type",
        mint(renter.id, minutes=-1): "token_expired",
        mint(renter.id, version=3): "token_revoked",
        locked.token: "token_revoked",
    }
    with serve() as server:
        for token, code in cases.items():
            ws = await Ws.open(server.ws)
            await ws.send(type="auth", token=token)
            assert await ws.closed() == (4401, code)
        offered = Ws(await connect(server.ws, subprotocols=[PROTOCOL, "bearer.not-a-token"]))
        assert await offered.closed() == (4401, "token_invalid")


async def test_the_connection_closes_when_its_token_expires_unless_renewed(serve, user, mint):
    renter = await user("renter")
    with serve() as server:
        short, renewed = await Ws.open(server.ws), await Ws.open(server.ws)
        began = time.monotonic()
        for ws in (short, renewed):
            await ws.sign_in(mint(renter.id, minutes=3 / 60))
            await ws.start()
        await renewed.sign_in(mint(renter.id, minutes=30))
        assert await short.closed(timeout=10) == (4401, "token_expired")
        assert 1.5 < time.monotonic() - began < 6
        await asyncio.sleep(1)
        await renewed.ping()  # still open
        await renewed.close()


async def test_revoking_the_tokens_closes_the_connection_at_once(serve, user, spot, conn, q):
    """Logout everywhere, a password change, an admin locking the account or changing the role move
    token_version on: the connection closes within moments, long before the periodic check, and a
    booking committed after the change never reaches it."""
    renter, owner = await user("renter"), await user("owner")
    spot_id = await spot(owner)
    with serve(WS_AUTH_CHECK_SECONDS=3600) as server:
        ws = await Ws.open(server.ws)
        await ws.sign_in(renter.token)
        await ws.start([spot_id])
        began = time.monotonic()
        await q.bump_token_version(conn, user_id=renter.id)
        start = next_slot()
        await q.create_booking(conn, user_id=renter.id, spot_id=spot_id, start_time=start,
                               end_time=start + timedelta(hours=1), status="confirmed")
        assert await ws.closed() == (4401, "token_revoked")  # no event came first
        assert time.monotonic() - began < 3


async def test_changing_the_password_through_the_api_closes_the_connection(serve):
    with serve() as server:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            body = {"email": "sam@example.com", "password": PASSWORD, "full_name": "Sam Driver", "role": "renter"}
            assert (await http.post("/api/v1/auth/register", json=body)).status_code == 201
            login = await http.post("/api/v1/auth/login", json={"email": body["email"], "password": PASSWORD})
            access = login.json()["access_token"]
            ws = await Ws.open(server.ws)
            await ws.sign_in(access)
            await ws.start()
            changed = await http.post("/api/v1/users/me/password", headers={"Authorization": f"Bearer {access}"},
                                      json={"current_password": PASSWORD, "new_password": "another-long-password"})
            assert changed.status_code in (200, 204), changed.text
        assert await ws.closed() == (4401, "token_revoked")


async def test_the_periodic_check_closes_the_connection_of_a_deleted_user(serve, user, conn, q):
    """No notice is sent when a user row disappears; the check every WS_AUTH_CHECK_SECONDS finds it."""
    gone = await user("renter")
    with serve(WS_AUTH_CHECK_SECONDS=1) as server:
        ws = await Ws.open(server.ws)
        await ws.sign_in(gone.token)
        await ws.start()
        await q.delete_user(conn, user_id=gone.id)
        assert await ws.closed(timeout=5) == (4401, "token_revoked")
