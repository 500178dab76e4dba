"""With no STRIPE_SECRET_KEY the service runs without payments: bookings confirm at once, the
payment endpoints answer 503, the read-only listings still answer."""
from __future__ import annotations

import uuid
from datetime import timedelta

from tests.bookings.helpers import book, next_slot

PAY = "/api/v1/payments"
OFF = {"detail": "payments are not configured", "code": "payments_not_configured"}


async def test_payment_endpoints_answer_503(api):
    owner, renter, admin = await api.new_user("owner"), await api.new_user("renter"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    booking = (await book(api, renter, spot, next_slot(timedelta(days=2)))).json
    assert (booking["status"], booking["payment_status"]) == ("confirmed", "not_required")
    calls = [("post", f"{PAY}/intent", renter, {"booking_id": booking["id"]}),
             ("post", f"{PAY}/confirm", renter, {"payment_intent_id": "pi_123"}),
             ("post", f"{PAY}/{uuid.uuid4()}/refund", admin, {}),
             ("post", f"{PAY}/connect/onboard", owner, None),
             ("post", f"{PAY}/webhook", renter, {})]
    for method, path, user, body in calls:
        response = await api.call(method, path, user.access, **({"json": body} if body is not None else {}))
        assert (response.status, response.json) == (503, OFF), path


async def test_read_only_listings_still_answer(api):
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    booking = (await book(api, renter, spot, next_slot(timedelta(days=2)))).json
    assert (await api.call("get", PAY, renter.access)).json == []
    status = await api.call("get", f"{PAY}/connect/status", owner.access)
    assert status.json == {"account_id": None, "charges_enabled": False, "payouts_enabled": False,
                           "transfers_active": False}
    payouts = await api.call("get", f"{PAY}/payouts", owner.access)
    assert [b["booking_id"] for b in payouts.json["bookings"]] == [booking["id"]]
    cancelled = await api.call("post", f"/api/v1/bookings/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (0, "none")
