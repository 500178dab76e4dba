"""Stripe Connect: connected accounts and their onboarding links, transfers to them (a destination
charge's own, or POST /v1/transfers) and their reversals, application fees and their refunds, and
the accounts' payouts."""
from __future__ import annotations

import copy
import re
from typing import Any

from tests.fake_stripe.common import (COUNTRY_CURRENCY, EMAIL, StripeError, check_known, currency_param,
                                      embedded_list, metadata_param, missing, money, no_such, page,
                                      positive_amount, rand, range_filter, share, truthy)

PAYOUT_STATUSES = ("paid", "pending", "in_transit", "canceled", "failed")


class ConnectMixin:
    # test-side helpers --------------------------------------------------------------------------------

    def account(self, acct_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._accounts[acct_id])

    def transfer(self, tr_id: str) -> dict[str, Any]:
        """The transfer with all its reversals (the API embeds only the newest 10)."""
        with self._lock:
            return copy.deepcopy(self._transfers[tr_id])

    def transfers(self) -> list[dict[str, Any]]:
        """Every transfer, oldest first."""
        with self._lock:
            return [copy.deepcopy(t) for t in self._transfers.values()]

    def application_fee(self, fee_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._application_fees[fee_id])

    def payouts(self, acct_id: str) -> list[dict[str, Any]]:
        """The account's payouts, oldest first."""
        with self._lock:
            return [copy.deepcopy(p) for p in self._payouts.values() if self._payout_account[p["id"]] == acct_id]

    def enable_account(self, acct_id: str) -> dict[str, Any]:
        """Onboarding finished: charges and payouts enabled, requested capabilities active."""
        with self._lock:
            acct = self._accounts[acct_id]
            caps = acct["capabilities"] or {"card_payments": "inactive", "transfers": "inactive"}
            acct.update(charges_enabled=True, payouts_enabled=True, details_submitted=True,
                        capabilities={name: "active" for name in caps})
            acct["requirements"].update(currently_due=[], eventually_due=[], past_due=[], disabled_reason=None)
            return copy.deepcopy(acct)

    def set_capability(self, acct_id: str, name: str, status: str) -> dict[str, Any]:
        """A capability's state changes (Stripe: "active", "inactive" or "pending", e.g. while
        Stripe reviews the account), independently of charges_enabled. Returns the account."""
        if status not in ("active", "inactive", "pending"):
            raise ValueError(status)
        with self._lock:
            acct = self._accounts[acct_id]
            acct["capabilities"] = {**(acct["capabilities"] or {}), name: status}
            return copy.deepcopy(acct)

    def add_account(self, acct_id: str | None = None, *, enabled: bool = True, type: str = "express",
                    email: str | None = None, country: str = "US") -> dict[str, Any]:
        """Seed a connected account without an API call (not recorded in `requests`)."""
        with self._lock:
            acct = self._new_account({"type": type, "email": email, "country": country,
                                      "capabilities": {"card_payments": {"requested": "true"},
                                                       "transfers": {"requested": "true"}}}, acct_id)
            return self.enable_account(acct["id"]) if enabled else copy.deepcopy(acct)

    def pay_out(self, acct_id: str, amount: int, status: str = "paid") -> dict[str, Any]:
        """Stripe paid (or is paying) `amount` of the connected account's balance to its bank account:
        a Payout in the account's currency, with its balance transaction in the account's balance.
        Listed by GET /v1/payouts with Stripe-Account: acct_id. Returns the payout."""
        if status not in PAYOUT_STATUSES:
            raise ValueError(status)
        with self._lock:
            acct = self._accounts[acct_id]
            day = self.now - self.now % 86_400
            failed = status == "failed"
            payout = {
                "id": f"po_{rand()}", "object": "payout", "amount": amount,
                "arrival_date": day if status == "paid" else day + 86_400, "automatic": True,
                "balance_transaction": None, "created": self.now, "currency": acct["default_currency"],
                "description": None, "destination": f"ba_{rand()}", "failure_balance_transaction": None,
                "failure_code": "could_not_process" if failed else None,
                "failure_message": "The bank could not process this payout." if failed else None,
                "livemode": False, "metadata": {}, "method": "standard", "source_type": "card",
                "statement_descriptor": None, "status": status, "type": "bank_account",
            }
            payout["balance_transaction"] = self._txn(-amount, payout["currency"], "payout", "payout", payout["id"],
                                                      description="STRIPE PAYOUT", account=acct_id)["id"]
            if failed:
                payout["failure_balance_transaction"] = self._txn(
                    amount, payout["currency"], "payout_failure", "payout_reversal", payout["id"],
                    description="STRIPE PAYOUT FAILURE", account=acct_id)["id"]
            self._payouts[payout["id"]] = payout
            self._payout_account[payout["id"]] = acct_id
            return copy.deepcopy(payout)

    # accounts ---------------------------------------------------------------------------------------------

    def _create_account(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "AccountCreateParams", "account")
        if "type" not in params and "controller" not in params:
            raise missing("type")
        if params.get("type") is not None and params["type"] not in ("custom", "express", "standard"):
            raise StripeError(400, "Invalid type: must be one of custom, express, or standard", param="type")
        if params.get("email") is not None and not EMAIL.match(params["email"]):
            raise StripeError(400, f"Invalid email address: {params['email']}", code="email_invalid", param="email")
        country = params.get("country", "US")
        if not re.fullmatch(r"[A-Za-z]{2}", country):
            raise StripeError(400, f"Country '{country}' is unknown. Try using a 2-character alphanumeric country "
                                   "code instead, such as 'US', 'EG', or 'GB'.", param="country")
        caps = params.get("capabilities", {})
        if not isinstance(caps, dict) or any(not isinstance(v, dict) for v in caps.values()):
            raise StripeError(400, "Invalid object", param="capabilities")
        return self._expand(self._new_account(params), params)

    def _get_account(self, acct_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "AccountRetrieveParams", "account")
        if acct_id not in self._accounts:
            raise StripeError(404, f"No such account: '{acct_id}'", code="resource_missing", param="account")
        return self._expand(self._accounts[acct_id], params)

    def _create_account_link(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "AccountLinkCreateParams", "account_link")
        account = params.get("account")
        if not account:
            raise missing("account")
        if not params.get("type"):
            raise missing("type")
        if params["type"] not in ("account_onboarding", "account_update"):
            raise StripeError(400, "Invalid type: must be one of account_onboarding or account_update", param="type")
        for name in ("refresh_url", "return_url"):
            if params.get(name) is not None and not re.match(r"^https?://[^\s/]+", params[name]):
                raise StripeError(400, "Not a valid URL", code="url_invalid", param=name)
        acct = self._accounts.get(account)
        if acct is None:
            raise StripeError(400, f"No such account: '{account}'", code="resource_missing", param="account")
        kind = {"express": "e", "standard": "s", "custom": "c"}.get(acct["type"], "e")
        return {"object": "account_link", "created": self.now, "expires_at": self.now + 300,
                "url": f"https://connect.stripe.test/setup/{kind}/{account}/{rand(12)}"}

    def _check_destination(self, destination: str, param: str) -> None:
        """Stripe moves money only to an account it knows whose transfers capability is active."""
        if not self.check_destinations:
            return
        acct = self._accounts.get(destination)
        if acct is None:
            raise no_such("destination", destination, param, status=400)
        if acct["capabilities"].get("transfers") != "active":
            raise StripeError(400, "Your destination account needs to have at least one of the following "
                                   "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                              code="insufficient_capabilities_for_transfer", param=param)

    # transfers ------------------------------------------------------------------------------------------

    def _create_transfer(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Separate charges and transfers: money from the platform's balance to a connected account,
        optionally tied to a charge (source_transaction) whose unrefunded, untransferred rest it may not exceed."""
        check_known(params, "TransferCreateParams", "transfer")
        amount = positive_amount(params, required=True)
        currency = currency_param(params)
        destination = params.get("destination")
        if not destination:
            raise missing("destination")
        self._check_destination(destination, "destination")
        source = params.get("source_transaction")
        if source is not None:
            charge = self._charges.get(source)
            if charge is None or charge["status"] != "succeeded":
                raise no_such("charge", source, "source_transaction", status=400)
            available = charge["amount"] - charge["amount_refunded"] - sum(
                t["amount"] for t in self._transfers.values() if t["source_transaction"] == source)
            if amount > available:
                raise StripeError(400, f"Insufficient funds from the source transaction {source}: the transfer "
                                       f"amount ({money(amount, currency)}) is greater than what is left of the "
                                       f"charge to transfer ({money(max(available, 0), currency)}).",
                                  code="balance_insufficient", param="amount")
        metadata = metadata_param(params)
        transfer = self._new_transfer(amount, currency, destination, source, metadata=metadata,
                                      transfer_group=params.get("transfer_group"),
                                      description=params.get("description"))
        return self._expand(transfer, params)

    def _get_transfer(self, tr_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "TransferRetrieveParams", "transfer")
        if tr_id not in self._transfers:
            raise no_such("transfer", tr_id, "id")
        return self._expand(self._transfers[tr_id], params)

    def _list_transfers(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "TransferListParams", "transfer", listing=True)
        created = range_filter(params, "created")
        transfers = [t for t in self._transfers.values() if created(t["created"])
                     and params.get("destination") in (None, t["destination"])
                     and params.get("transfer_group") in (None, t["transfer_group"])]
        return page(transfers, params, "/v1/transfers", "transfer", self._listed(params))

    def _create_transfer_reversal(self, tr_id: str, params: dict[str, Any], headers: dict[str, str]
                                  ) -> dict[str, Any]:
        """Take (part of) a transfer back from the connected account; refund_application_fee also gives
        back the same share of a destination charge's fee (all the rest once the transfer is fully reversed)."""
        check_known(params, "TransferReversalCreateParams", "transfer_reversal")
        transfer = self._transfers.get(tr_id)
        if transfer is None:
            raise no_such("transfer", tr_id, "id")
        rest = transfer["amount"] - transfer["amount_reversed"]
        if rest == 0:
            raise StripeError(400, f"The transfer {tr_id} is already fully reversed.")
        amount = positive_amount(params, required=False)
        if amount is None:
            amount = rest
        if amount > rest:
            raise StripeError(400, f"Amount ({money(amount, transfer['currency'])}) is greater than the unreversed "
                                   f"amount of the transfer ({money(rest, transfer['currency'])}).", param="amount")
        metadata = metadata_param(params)
        reversal = self._new_reversal(transfer, amount, metadata=metadata)
        charge = self._charges.get(transfer["source_transaction"] or "")
        if truthy(params.get("refund_application_fee")) and charge and charge["transfer"] == tr_id \
                and charge["application_fee"]:
            self._refund_fee_share(self._application_fees[charge["application_fee"]], amount, transfer["amount"],
                                   transfer["reversed"])
        return self._expand(reversal, params)

    def _get_application_fee(self, fee_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "ApplicationFeeRetrieveParams", "application_fee")
        if fee_id not in self._application_fees:
            raise no_such("application_fee", fee_id, "id")
        return self._expand(self._application_fees[fee_id], params)

    # payouts ----------------------------------------------------------------------------------------------

    def _list_payouts(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """The payouts of the balance the request acts on: the connected account's with Stripe-Account
        (the fake makes none of the platform's own)."""
        check_known(params, "PayoutListParams", "payout", listing=True)
        account = headers.get("stripe-account")
        created, arrival = range_filter(params, "created"), range_filter(params, "arrival_date")
        payouts = [p for p in self._payouts.values() if self._payout_account[p["id"]] == account
                   and created(p["created"]) and arrival(p["arrival_date"])
                   and params.get("status") in (None, p["status"])
                   and params.get("destination") in (None, p["destination"])]
        return page(payouts, params, "/v1/payouts", "payout", self._listed(params))

    def _get_payout(self, po_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "PayoutRetrieveParams", "payout")
        if self._payout_account.get(po_id, "-") != headers.get("stripe-account"):
            raise no_such("payout", po_id, "id")
        return self._expand(self._payouts[po_id], params)

    # state helpers --------------------------------------------------------------------------------------

    def _new_account(self, params: dict[str, Any], acct_id: str | None = None) -> dict[str, Any]:
        country = params.get("country", "US").upper()
        caps = {name: "inactive" for name, want in (params.get("capabilities") or {}).items()
                if truthy(want.get("requested"))}
        due = ["business_type", "external_account", "tos_acceptance.date", "tos_acceptance.ip"]
        acct = {
            "id": acct_id or f"acct_{rand(16)}", "object": "account", "type": params.get("type"),
            "business_profile": params.get("business_profile", {}), "business_type": params.get("business_type"),
            "capabilities": caps, "charges_enabled": False, "country": country, "created": self.now,
            "default_currency": params.get("default_currency", COUNTRY_CURRENCY.get(country, "eur")),
            "details_submitted": False, "email": params.get("email"), "metadata": metadata_param(params),
            "payouts_enabled": False,
            "requirements": {"currently_due": list(due), "eventually_due": list(due), "past_due": list(due),
                             "disabled_reason": "requirements.past_due", "current_deadline": None,
                             "errors": [], "pending_verification": []},
        }
        self._accounts[acct["id"]] = acct
        return acct

    def _new_transfer(self, amount: int, currency: str, destination: str, source: str | None, *,
                      transfer_group: str | None = None, description: str | None = None,
                      metadata: dict[str, str] | None = None) -> dict[str, Any]:
        tr_id = f"tr_{rand()}"
        transfer = {
            "id": tr_id, "object": "transfer", "amount": amount, "amount_reversed": 0,
            "balance_transaction": self._txn(-amount, currency, "transfer", "transfer", tr_id)["id"],
            "created": self.now, "currency": currency, "description": description, "destination": destination,
            "destination_payment": f"py_{rand()}", "livemode": False, "metadata": metadata or {},
            "reversals": embedded_list(f"/v1/transfers/{tr_id}/reversals"), "reversed": False,
            "source_transaction": source, "source_type": "card", "transfer_group": transfer_group,
        }
        self._transfers[tr_id] = transfer
        return transfer

    def _new_reversal(self, transfer: dict[str, Any], amount: int, *, source_refund: str | None = None,
                      metadata: dict[str, str] | None = None) -> dict[str, Any]:
        trr_id = f"trr_{rand()}"
        reversal = {
            "id": trr_id, "object": "transfer_reversal", "amount": amount,
            "balance_transaction": self._txn(amount, transfer["currency"], "transfer_refund", "transfer_reversal",
                                             trr_id)["id"],
            "created": self.now, "currency": transfer["currency"], "destination_payment_refund": f"pyr_{rand()}",
            "metadata": metadata or {}, "source_refund": source_refund, "transfer": transfer["id"],
        }
        self._transfer_reversals[trr_id] = reversal
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        _prepend(transfer["reversals"], reversal)
        return reversal

    def _new_application_fee(self, charge: dict[str, Any], account: str) -> dict[str, Any]:
        """The platform's fee on a destination charge, collected from the connected account."""
        fee_id = f"fee_{rand()}"
        amount, currency = charge["application_fee_amount"], charge["currency"]
        fee = {
            "id": fee_id, "object": "application_fee", "account": account, "amount": amount, "amount_refunded": 0,
            "application": self.application,
            "balance_transaction": self._txn(amount, currency, "application_fee", "platform_earning", fee_id)["id"],
            "charge": charge["id"], "created": self.now, "currency": currency,
            "fee_source": {"charge": charge["id"], "type": "charge"}, "livemode": False,
            "originating_transaction": None, "refunded": False,
            "refunds": embedded_list(f"/v1/application_fees/{fee_id}/refunds"),
        }
        self._application_fees[fee_id] = fee
        return fee

    def _refund_fee_share(self, fee: dict[str, Any], part: int, whole: int, last: bool) -> dict[str, Any] | None:
        """Give back the share part/whole of the fee (all that is left of it when `last`), never more
        than is left; None when nothing is."""
        rest = fee["amount"] - fee["amount_refunded"]
        amount = rest if last else min(rest, share(part, fee["amount"], whole))
        if amount <= 0:
            return None
        fr_id = f"fr_{rand()}"
        fee_refund = {
            "id": fr_id, "object": "fee_refund", "amount": amount,
            "balance_transaction": self._txn(-amount, fee["currency"], "application_fee_refund",
                                             "platform_earning_refund", fr_id)["id"],
            "created": self.now, "currency": fee["currency"], "fee": fee["id"], "metadata": {},
        }
        self._fee_refunds[fr_id] = fee_refund
        fee["amount_refunded"] += amount
        fee["refunded"] = fee["amount_refunded"] == fee["amount"]
        _prepend(fee["refunds"], fee_refund)
        return fee_refund


def _prepend(listing: dict[str, Any], obj: dict[str, Any]) -> None:
    listing["data"].insert(0, obj)
    listing["total_count"] += 1
