"""Balance transactions: every movement of money makes one in the balance it changes (the platform's,
or a connected account's for its payouts), and GET /v1/balance_transactions lists them like Stripe."""
from __future__ import annotations

import copy
from typing import Any

from tests.fake_stripe.common import check_known, no_such, page, rand, range_filter

STRIPE_FEE_PERCENT_TENTHS, STRIPE_FEE_FIXED = 29, 30  # 2.9% + 30 cents per successful card charge


class BalanceMixin:
    def balance_transactions(self, account: str | None = None) -> list[dict[str, Any]]:
        """The platform's balance transactions (or a connected account's: only its payouts), oldest first."""
        with self._lock:
            return [copy.deepcopy(t) for t in self._balance_transactions.values()
                    if self._balance_of[t["id"]] == account]

    def _txn(self, amount: int, currency: str, type: str, category: str, source: str, *,
             fee: int = 0, description: str | None = None, account: str | None = None) -> dict[str, Any]:
        """Record a movement of `amount` (signed, seen from the balance it changes) and return it."""
        fee_details = ([{"amount": fee, "application": None, "currency": currency,
                         "description": "Stripe processing fees", "type": "stripe_fee"}] if fee else [])
        txn = {
            "id": f"txn_{rand()}", "object": "balance_transaction", "amount": amount, "available_on": self.now,
            "balance_type": "payments", "created": self.now, "currency": currency, "description": description,
            "exchange_rate": None, "fee": fee, "fee_details": fee_details, "net": amount - fee,
            "reporting_category": category, "source": source, "status": "available", "type": type,
        }
        self._balance_transactions[txn["id"]] = txn
        self._balance_of[txn["id"]] = account
        return txn

    def _charge_txn(self, charge: dict[str, Any]) -> dict[str, Any]:
        amount = charge["amount"]
        fee = (amount * STRIPE_FEE_PERCENT_TENTHS + 500) // 1000 + STRIPE_FEE_FIXED
        return self._txn(amount, charge["currency"], "charge", "charge", charge["id"], fee=fee,
                         description=charge["description"])

    def _list_balance_transactions(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "BalanceTransactionListParams", "balance_transaction", listing=True)
        account = headers.get("stripe-account")
        created = range_filter(params, "created")
        wanted = {name: params[name] for name in ("type", "source", "currency") if params.get(name) is not None}
        txns = [t for t in self._balance_transactions.values()
                if self._balance_of[t["id"]] == account and created(t["created"])
                and all(t[name] == value for name, value in wanted.items())
                and (params.get("payout") is None or t["source"] == params["payout"])]
        return page(txns, params, "/v1/balance_transactions", "balance_transaction", self._listed(params))

    def _get_balance_transaction(self, txn_id: str, params: dict[str, Any], headers: dict[str, str]
                                 ) -> dict[str, Any]:
        check_known(params, "BalanceTransactionRetrieveParams", "balance_transaction")
        if self._balance_of.get(txn_id, "-") != headers.get("stripe-account"):
            raise no_such("balance_transaction", txn_id, "id")
        return self._expand(self._balance_transactions[txn_id], params)
