"""Password reset by mail: 202 for any email, a single-use expiring token stored hashed, sessions end;
the mail holds the live link only until a relay takes it; outside production the link is logged."""
from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime

from tests.api_client import PASSWORD

NEW_PASSWORD = "a-brand-new-password"


async def request_reset(api, email):
    return await api.call("post", "/api/v1/auth/password-reset/request", json={"email": email})


async def confirm(api, token, password=NEW_PASSWORD):
    return await api.call("post", "/api/v1/auth/password-reset/confirm",
                          json={"token": token, "new_password": password})


async def mailed_token(conn, q, email) -> str:
    mail = await q.latest_mail(conn, recipient=email)
    assert mail["kind"] == "password_reset"
    return re.search(r"token=([\w-]+)", mail["body"]).group(1)


async def test_request_is_202_whether_or_not_the_account_exists(api, conn, q):
    user = await api.new_user()
    known, unknown = await request_reset(api, user.email), await request_reset(api, "nobody@example.com")
    assert known.status == unknown.status == 202
    assert known.json == unknown.json
    assert await q.latest_mail(conn, recipient="nobody@example.com") is None
    assert await q.count_reset_tokens(conn) == 1


async def test_token_is_stored_only_hashed(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    assert await q.reset_token_stored(conn, token_hash=hashlib.sha256(token.encode()).digest())
    assert not await q.reset_token_stored(conn, token_hash=token.encode())


async def test_reset_sets_the_password_and_ends_every_session(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email.upper())
    token = await mailed_token(conn, q, user.email)
    assert (await confirm(api, token)).status == 204
    assert (await api.login(user.email)).status == 401
    assert (await api.login(user.email, NEW_PASSWORD)).status == 200
    assert (await api.call("get", "/api/v1/users/me", user.access)).status == 401
    refreshed = await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": user.refresh})
    assert refreshed.status == 401


async def test_token_works_once(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    assert (await confirm(api, token)).status == 204
    again = await confirm(api, token, "yet-another-password")
    assert again.status == 400 and again.json == {"detail": "invalid or expired reset token", "code": "reset_token_invalid"}
    assert (await api.login(user.email, NEW_PASSWORD)).status == 200


async def test_expired_token_is_refused(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    await q.expire_reset_tokens(conn)
    assert (await confirm(api, token)).status == 400
    assert (await api.login(user.email, PASSWORD)).status == 200


async def test_unknown_token_and_short_password(api):
    assert (await confirm(api, "made-up-token")).status == 400
    response = await confirm(api, "made-up-token", "short")
    assert response.status == 422 and response.json["detail"].startswith("new_password:")


async def test_production_logs_never_carry_the_token(api_with, conn, q, caplog):
    api = await api_with(environment="production", secret_key="s" * 40)
    user = await api.new_user()
    with caplog.at_level(logging.INFO, logger="parkingspots.accounts"):
        await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    assert "password reset mail queued" in caplog.text
    assert token not in caplog.text


async def test_the_token_is_at_rest_only_in_the_undelivered_mail(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    assert [r["table_name"] async for r in q.tables_holding(conn, needle=token)] == ["outbox"]


async def test_a_delivered_mail_keeps_no_token_and_the_link_still_works(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    [mail] = [m async for m in q.take_outbox_mail(conn, lim=10, now=datetime.now(UTC))]
    token = re.search(r"token=([\w-]+)", mail["body"]).group(1)
    assert mail["recipient"] == user.email
    assert [r["table_name"] async for r in q.tables_holding(conn, needle=token)] == []
    [row] = [r async for r in q.outbox_mail(conn)]
    assert row["body"] == "" and row["sent_at"] is not None
    assert [m async for m in q.take_outbox_mail(conn, lim=10, now=datetime.now(UTC))] == []  # once
    assert (await confirm(api, token)).status == 204  # the recipient's link works


async def test_a_relay_setting_sent_at_clears_the_body(api, conn, q):
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    await q.mark_mail_sent(conn, recipient=user.email)
    assert (await q.latest_mail(conn, recipient=user.email))["body"] == ""
    assert [r["table_name"] async for r in q.tables_holding(conn, needle=token)] == []


async def test_development_logs_the_link(api_with, conn, q, caplog):
    """At the level the app keeps (INFO for parkingspots.*): no caplog.at_level here."""
    api = await api_with(environment="development")
    user = await api.new_user()
    await request_reset(api, user.email)
    token = await mailed_token(conn, q, user.email)
    [record] = [r for r in caplog.records if r.name == "parkingspots.accounts" and token in r.getMessage()]
    assert record.levelno == logging.INFO
    assert "reset-password?token=" + token in record.getMessage()
