"""No personal data or password hash reaches PostgreSQL's log: a failed check must not log the row."""
from __future__ import annotations


async def test_a_failed_check_logs_no_row_data(api, test_services):
    email = "log-privacy-probe@example.com"
    assert (await api.register(email, phone_number="+1 415 555 0199")).status == 201
    token = (await api.login(email)).json["access_token"]
    before = test_services.pg_log.stat().st_size
    refused = await api.call("patch", "/api/v1/users/me", token, json={"latitude": 10})
    assert (refused.status, refused.json["code"]) == (422, "users_location_pair")
    with open(test_services.pg_log, errors="replace") as log:
        log.seek(before)
        written = log.read()
    assert "users_location_pair" in written  # the failure is logged, by name...
    for secret in (email, "415 555 0199", "$argon2", "Failing row"):  # ...without the row
        assert secret not in written
