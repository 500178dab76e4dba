"""HTTP-level helpers: register, log in and call the API as a given user (fixtures `api`, `api_with`
in tests/conftest.py)."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

PASSWORD = "correct-horse-battery"
FERRY_BUILDING = (37.7955, -122.3937)  # San Francisco
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

    @staticmethod
    def spot_body(**overrides) -> dict:
        """A valid listing near the Ferry Building; overrides change or add fields."""
        return {"title": "Covered spot by the Ferry Building", "spot_type": "garage", "address": "1 Ferry Building",
                "city": "San Francisco", "state": "CA", "zip_code": "94111", "latitude": FERRY_BUILDING[0],
                "longitude": FERRY_BUILDING[1], "hourly_rate": 500, "daily_rate": 3000, **overrides}

    async def new_spot(self, owner, **overrides) -> dict:
        response = await self.call("post", "/api/v1/parking-spots", owner.access, json=self.spot_body(**overrides))
        assert response.status == 201, response.json
        return response.json

    async def search(self, **params):
        return await self.call("get", "/api/v1/parking-spots", params=params)

    async def promote(self, user_id: str) -> None:
        """There is no self-service way to become admin: the first admin is made in SQL."""
        await self.queries.make_admin(self.conn, user_id=user_id)
