"""Headers every client and browser relies on: token answers are never stored, every answer says
its content type is not to be sniffed and sends no referrer, a 405 says which methods are allowed."""
from __future__ import annotations


async def test_token_answers_are_not_stored(api):
    user = await api.new_user()
    login = await api.login(user.email)
    refreshed = await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": login.json["refresh_token"]})
    for response in (login, refreshed):
        assert response.status == 200
        assert (response.headers["cache-control"], response.headers["pragma"]) == ("no-store", "no-cache")


async def test_every_answer_carries_the_security_headers(api):
    for response in (await api.call("get", "/health"), await api.call("get", "/api/v1/nowhere"),
                     await api.call("get", "/api/v1/parking-spots?city=Oakland")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


async def test_a_405_says_which_methods_are_allowed(api):
    response = await api.call("delete", "/health")
    assert response.status == 405 and response.json["code"] == "method_not_allowed"
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET"}
