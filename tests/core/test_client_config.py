"""GET /api/v1/config tells the apps whether payments are on (and the publishable key) and which
sign-in providers are configured, so they show a pay button or Google's only when it can work."""
from __future__ import annotations


async def test_a_bare_server_has_no_payments_and_no_providers(client):
    _, response = await client.get("/api/v1/config")
    assert response.status == 200
    assert response.json == {"payments": {"enabled": False, "publishable_key": None}, "oauth_providers": []}
    assert response.headers["cache-control"] == "public, max-age=300"


async def test_payments_and_providers_appear_when_configured(client_with):
    client = await client_with(stripe_secret_key="sk_test_x", stripe_publishable_key="pk_test_x",
                               google_client_id="google-client.apps.googleusercontent.com")
    _, response = await client.get("/api/v1/config")
    assert response.json == {"payments": {"enabled": True, "publishable_key": "pk_test_x"},
                             "oauth_providers": [{"name": "google",
                                                  "client_id": "google-client.apps.googleusercontent.com"}]}


async def test_the_secret_key_never_leaves_the_server(client_with):
    client = await client_with(stripe_secret_key="sk_test_secret", facebook_client_id="fb-app")
    _, response = await client.get("/api/v1/config")
    assert "sk_test_secret" not in response.text
    assert response.json["oauth_providers"] == [{"name": "facebook", "client_id": "fb-app"}]
