"""HTTP-level helpers: register, log in and call the API as a given user."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

PASSWORD = "correct-horse-battery"
_serial = itertools.count(1)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Api:
    def __init__(self, client, conn, queries):
        self.client, self.conn, self.queries = client, conn, queries

    async def call(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {**kwargs.pop("headers", {}), **(bearer(token) if token else {})}
        _, response = await getattr(self.client, method)(path, headers=headers, **kwargs)
        # No endpoint ever returns a password hash: checked on every call the tests make.
        assert b"hashed_password" not in response.content and b"$argon2" not in response.content
        return response

    async def register(self, email: str, password: str = PASSWORD, role: str = "renter", **extra):
        body = {"email": email, "password": password, "full_name": "Pat Example", "role": role, **extra}
        return await self.call("post", "/api/v1/auth/register", json=body)

    async def login(self, email: str, password: str = PASSWORD):
        return await self.call("post", "/api/v1/auth/login", json={"email": email, "password": password})

    async def new_user(self, role: str = "renter") -> SimpleNamespace:
        """A registered, logged-in user: .id .email .access .refresh"""
        email = f"{role}{next(_serial)}@example.com"
        registered = await self.register(email, role="renter" if role == "admin" else role)
        assert registered.status == 201, registered.json
        if role == "admin":
            await self.promote(registered.json["id"])
        tokens = (await self.login(email)).json
        return SimpleNamespace(id=registered.json["id"], email=email, access=tokens["access_token"],
                               refresh=tokens["refresh_token"])

    async def promote(self, user_id: str) -> None:
        """There is no self-service way to become admin: the first admin is made in SQL."""
        await self.queries.make_admin(self.conn, user_id=user_id)


@pytest.fixture
def api(client, conn, q):
    return Api(client, conn, q)
