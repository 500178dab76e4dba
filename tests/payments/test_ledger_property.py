"""Property: whatever happens to a booking's money — paid, extended (the extension paid or not),
cancelled by either side, refunded by an admin in any amount, refunds that stay pending and fail,
disputes won or lost, owners onboarded late and paid by the transfer job, events delivered twice —
the ledger is exactly what Stripe did, and it balances to the cent:

    renter paid (charged) = refunded + disputed + owner received + platform kept

where the owner's part is read from Stripe's transfers and fees and the platform's part from
Stripe's balance transactions, two independent sources. Sequences come from a seeded generator
(LEDGER_SEQUENCES, default 12; LEDGER_SEED to replay one); a failure prints the seed and steps."""
from __future__ import annotations

import os
import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from api.payments.outbox import drain_once
from tests.bookings.helpers import BOOKINGS, book, iso, next_slot
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_payments import CONNECT_SECRET, PAY, deliver, intent  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401

SEQUENCES = int(os.environ.get("LEDGER_SEQUENCES", "12"))
SEED = int(os.environ.get("LEDGER_SEED", random.SystemRandom().randrange(10**6)))
STEPS = ("extend", "pay_extension", "cancel_renter", "cancel_owner", "admin_refund", "fail_refund",
         "settle_refund", "dispute", "close_dispute", "finish_stay", "onboard", "transfers", "replay")


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the sequence drains the outbox itself


class Sequence:
    def __init__(self, api, app, conn, q, fake, rng, admin):
        self.api, self.app, self.conn, self.q, self.fake, self.rng, self.admin = api, app, conn, q, fake, rng, admin
        self.steps: list[str] = []
        self.events: list[tuple[str, dict]] = []
        self.disputes: list[str] = []
        self.open_disputes: list[str] = []

    async def event(self, kind, obj, **extra):
        self.events.append((kind, obj))
        response = await deliver(self.api, kind, obj, **extra)
        assert response.status == 200, (kind, response.json)

    async def start(self, index: int):
        self.owner, self.renter = await self.api.new_user("owner"), await self.api.new_user("renter")
        self.spot = await self.api.new_spot(self.owner, hourly_rate=self.rng.choice([333, 500, 775]), daily_rate=9000)
        self.owner_kind = self.rng.choice(["connected", "late", "none"])
        if self.owner_kind != "none":
            self.account = self.fake.add_account(enabled=self.owner_kind == "connected")["id"]
            if self.owner_kind == "connected":
                await self.q.set_connect(self.conn, user_id=self.owner.id, account_id=self.account)
            else:
                await self.q.connect_without_transfers(self.conn, user_id=self.owner.id, account_id=self.account)
        self.fake.refunds_start_pending = self.rng.random() < 0.3
        starts_in = self.rng.choice([timedelta(days=3), timedelta(hours=3)])  # 100 % or 50 % renter refunds
        response = await book(self.api, self.renter, self.spot, next_slot(starts_in), hours=self.rng.choice([1, 2, 3]))
        assert response.status == 201, response.json
        self.booking = response.json
        pi = (await intent(self.api, self.renter, self.booking)).json["payment_intent_id"]
        await self.event("payment_intent.succeeded", self.fake.succeed(pi))
        self.steps.append(f"{self.owner_kind} owner, paid {self.booking['total_amount']}")

    async def step(self, name: str):
        self.steps.append(name)
        api, rng, fake, booking = self.api, self.rng, self.fake, self.booking
        current = (await api.call("get", f"{BOOKINGS}/{booking['id']}", self.renter.access)).json
        if name == "extend":
            end = datetime.fromisoformat(current["end_time"].replace("Z", "+00:00")) + timedelta(hours=rng.choice([1, 2]))
            response = await api.call("post", f"{BOOKINGS}/{booking['id']}/extend", self.renter.access,
                                      json={"end_time": iso(end)})
            assert response.status in (200, 409), response.json
        elif name == "pay_extension":
            response = await intent(api, self.renter, booking)
            assert response.status in (200, 409), response.json
            if response.status == 200 and fake.payment_intent(response.json["payment_intent_id"])["status"] != "succeeded":
                await self.event("payment_intent.succeeded", fake.succeed(response.json["payment_intent_id"]))
        elif name in ("cancel_renter", "cancel_owner"):
            who = self.renter if name == "cancel_renter" else self.owner
            response = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", who.access, json={})
            assert response.status in (200, 409), response.json
        elif name == "admin_refund":
            payments = (await api.call("get", PAY, self.renter.access)).json
            mine = [p for p in payments if p["booking_id"] == booking["id"] and p["amount"] > p["amount_refunded"]
                    and p["status"] in ("succeeded", "partially_refunded")]
            if mine:
                payment = rng.choice(mine)
                amount = rng.randint(1, payment["amount"] - payment["amount_refunded"])
                response = await api.call("post", f"{PAY}/{payment['id']}/refund", self.admin.access, json={"amount": amount})
                assert response.status in (200, 409), response.json
        elif name in ("fail_refund", "settle_refund"):
            pending = [r for pi in self.intents() for r in fake.refunds_of(pi)
                       if r["status"] in (("pending", "succeeded") if name == "fail_refund" else ("pending",))]
            if pending:
                refund = rng.choice(pending)
                changed = fake.fail_refund(refund["id"]) if name == "fail_refund" else fake.settle_refund(refund["id"])
                await self.event("refund.failed" if name == "fail_refund" else "refund.updated", changed)
        elif name == "dispute":
            charged = [pi for pi in self.intents() if fake.payment_intent(pi)["status"] == "succeeded"
                       and not fake.charge(fake.payment_intent(pi)["latest_charge"])["disputed"]]
            if charged:
                dispute = fake.dispute(rng.choice(charged))
                self.disputes.append(dispute["id"])
                self.open_disputes.append(dispute["id"])
                await self.event("charge.dispute.created", dispute)
        elif name == "close_dispute":
            if self.open_disputes:  # a bank decides once
                closing = self.open_disputes.pop(rng.randrange(len(self.open_disputes)))
                await self.event("charge.dispute.closed", fake.close_dispute(closing, won=rng.random() < 0.5))
        elif name == "finish_stay":
            later = datetime.now(timezone.utc) + timedelta(days=10)
            await self.q.finish_stays_at(self.conn, now=later)
            await self.q.finish_stays_at(self.conn, now=later)
        elif name == "onboard":
            if self.owner_kind == "late":
                await self.event("account.updated", fake.enable_account(self.account), secret=CONNECT_SECRET,
                                 account=self.account)
        elif name == "transfers":
            await self.q.queue_transfers(self.conn)
            await drain_once(self.app)
        elif name == "replay" and self.events:
            kind, obj = rng.choice(self.events)
            assert (await deliver(api, kind, obj)).status == 200

    def intents(self) -> list[str]:
        created = self.fake.requests_to("POST", "/v1/payment_intents")
        return list(dict.fromkeys(r.response["id"] for r in created if r.status == 200
                                  and r.response.get("metadata", {}).get("booking_id") == self.booking["id"]))

    def stripe_movements(self) -> tuple[Counter, set[str]]:
        """What Stripe did for this booking, from the fake's own objects."""
        fake, moves = self.fake, Counter()
        charges = set()
        for pi in self.intents():
            state = fake.payment_intent(pi)
            charge = fake.charge(state["latest_charge"]) if state["latest_charge"] else None
            if charge is None or charge["status"] != "succeeded":
                continue
            charges.add(charge["id"])
            moves[("charge", charge["id"], charge["amount"])] += 1
            for refund in fake.refunds_of(pi):
                moves[("refund", refund["id"], refund["amount"])] += 1
                if refund["status"] in ("failed", "canceled"):
                    moves[("refund_failure", refund["id"], refund["amount"])] += 1
            if charge.get("application_fee"):
                fee = fake.application_fee(charge["application_fee"])
                moves[("application_fee", fee["id"], fee["amount"])] += 1
                for part in fee["refunds"]["data"]:
                    moves[("application_fee_refund", part["id"], part["amount"])] += 1
        for transfer in fake.transfers():
            if transfer["source_transaction"] in charges:
                moves[("transfer", transfer["id"], transfer["amount"])] += 1
                for reversal in transfer["reversals"]["data"]:
                    moves[("transfer_reversal", reversal["id"], reversal["amount"])] += 1
        for dp in self.disputes:
            txns = [t for t in fake.balance_transactions() if t["source"] == dp]
            moves[("dispute", dp, -txns[0]["amount"])] += 1
            if len(txns) > 1:
                moves[("dispute_reversal", dp, txns[1]["amount"])] += 1
        moves = Counter({move: n for move, n in moves.items() if move[2] > 0})  # nothing moved: no row
        return moves, {m[1] for m in moves}

    async def check(self):
        rows = [dict(r) async for r in self.q.ledger_of(self.conn, booking_id=self.booking["id"])]
        ledger = Counter((r["kind"], r["stripe_id"], r["amount"]) for r in rows)
        stripe_side, ids = self.stripe_movements()
        assert ledger == stripe_side, "the ledger is not what Stripe did"
        money = dict(await self.q.balances_of(self.conn, booking_id=self.booking["id"]))
        platform = sum(t["amount"] for t in self.fake.balance_transactions() if t["source"] in ids)
        assert money["platform_kept"] == platform, "the platform's part is not its Stripe balance"
        assert money["charged"] == money["refunded"] + money["disputed"] + money["owner_received"] + money["platform_kept"]
        assert 0 <= money["refunded"] <= money["charged"]
        assert money["owner_received"] >= 0
        shown = (await self.api.call("get", f"{BOOKINGS}/{self.booking['id']}", self.renter.access)).json
        assert (shown["amount_charged"], shown["amount_refunded"]) == (money["charged"], money["refunded"])
        assert shown["refund_owed"] >= 0


async def test_random_money_sequences_balance_to_the_cent(api, app, fake_stripe, conn, q):  # noqa: F811
    rng = random.Random(SEED)
    admin = await api.new_user("admin")
    for index in range(SEQUENCES):
        sequence = Sequence(api, app, conn, q, fake_stripe, rng, admin)
        try:
            await sequence.start(index)
            for _ in range(rng.randint(2, 8)):
                await sequence.step(rng.choice(STEPS))
            await sequence.step("transfers")
            await sequence.check()
        except AssertionError as failure:
            raise AssertionError(f"LEDGER_SEED={SEED}, sequence {index}: {' -> '.join(sequence.steps)}") from failure
