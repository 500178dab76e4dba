"""PaymentIntents, their charges, refunds (with reverse_transfer / refund_application_fee) and disputes."""
from __future__ import annotations

import copy
from typing import Any

from tests.fake_stripe.common import (MAXIMUM, MINIMUM, StripeError, check_known, currency_param, int_param,
                                      metadata_param, missing, money, no_such, page, rand, range_filter, share,
                                      truthy)


class PaymentsMixin:
    # test-side helpers --------------------------------------------------------------------------------

    def payment_intent(self, pi_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._payment_intents[pi_id])

    def charge(self, ch_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._charges[ch_id])

    def refund(self, re_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._refunds[re_id])

    def refunds_of(self, pi_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [copy.deepcopy(r) for r in self._refunds.values() if r["payment_intent"] == pi_id]

    def succeed(self, pi_id: str) -> dict[str, Any]:
        """The customer paid: a succeeded charge, status "succeeded", latest_charge set. Returns the PI.
        A destination charge then moves money: the whole transfer to the connected account, and the
        application fee collected back from it (each with its balance transaction)."""
        with self._lock:
            pi = self._payment_intents[pi_id]
            if pi["status"] in ("succeeded", "canceled"):
                raise ValueError(f"{pi_id} is {pi['status']}; it cannot succeed again")
            charge = self._new_charge(pi, "succeeded")
            charge["balance_transaction"] = self._charge_txn(charge)["id"]
            destination = (pi["transfer_data"] or {}).get("destination")
            if destination:
                amount = pi["transfer_data"].get("amount", charge["amount"])
                charge["transfer"] = self._new_transfer(amount, charge["currency"], destination, charge["id"],
                                                        transfer_group=charge["transfer_group"])["id"]
                if pi["application_fee_amount"]:
                    charge["application_fee"] = self._new_application_fee(charge, destination)["id"]
            pi.update(status="succeeded", amount_received=pi["amount"], latest_charge=charge["id"],
                      last_payment_error=None, payment_method=charge["payment_method"])
            return copy.deepcopy(pi)

    def fail(self, pi_id: str, message: str = "Your card was declined.") -> dict[str, Any]:
        """A declined attempt: a failed charge (latest_charge points at it, as on Stripe), status back to
        "requires_payment_method" and last_payment_error set. Returns the PI."""
        with self._lock:
            pi = self._payment_intents[pi_id]
            if pi["status"] in ("succeeded", "canceled"):
                raise ValueError(f"{pi_id} is {pi['status']}; it cannot fail")
            charge = self._new_charge(pi, "failed", failure_message=message)
            pi.update(status="requires_payment_method", latest_charge=charge["id"], payment_method=None,
                      last_payment_error={"type": "card_error", "code": "card_declined",
                                          "decline_code": "generic_decline", "message": message,
                                          "charge": charge["id"]})
            return copy.deepcopy(pi)

    def settle_refund(self, re_id: str) -> dict[str, Any]:
        """A pending refund reached the customer: status "succeeded". Returns the refund."""
        with self._lock:
            refund = self._refunds[re_id]
            if refund["status"] != "pending":
                raise ValueError(f"{re_id} is {refund['status']}; only a pending refund settles")
            refund["status"] = "succeeded"
            return copy.deepcopy(refund)

    def fail_refund(self, re_id: str, reason: str = "expired_or_canceled_card") -> dict[str, Any]:
        """The refund could not reach the customer (Stripe: status "failed", failure_reason set); the
        money returns to the balance (a refund_failure balance transaction) and the charge's
        amount_refunded drops by it. Its transfer reversal and fee refund stay, as on Stripe.
        Returns the refund."""
        with self._lock:
            refund = self._refunds[re_id]
            if refund["status"] not in ("pending", "succeeded"):
                raise ValueError(f"{re_id} is {refund['status']}; it cannot fail")
            charge = self._charges[refund["charge"]]
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
            txn = self._txn(refund["amount"], refund["currency"], "refund_failure", "refund_failure", re_id)
            refund.update(status="failed", failure_reason=reason, failure_balance_transaction=txn["id"])
            return copy.deepcopy(refund)

    def dispute(self, pi_id: str, reason: str = "fraudulent", status: str = "needs_response") -> dict[str, Any]:
        """The renter's bank disputes the intent's charge (Stripe creates the dispute and takes the
        amount from the platform's balance). Returns the dispute, as data.object of charge.dispute.created."""
        with self._lock:
            pi = self._payment_intents[pi_id]
            charge = self._charges[pi["latest_charge"]]
            dispute = {
                "id": f"dp_{rand()}", "object": "dispute", "amount": charge["amount"] - charge["amount_refunded"],
                "balance_transactions": [], "charge": charge["id"], "created": self.now, "currency": charge["currency"],
                "evidence": {"customer_name": None, "product_description": None, "uncategorized_text": None},
                "evidence_details": {"due_by": self.now + 14 * 86_400, "has_evidence": False, "past_due": False,
                                     "submission_count": 0},
                "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": pi_id,
                "reason": reason, "status": status,
            }
            dispute["balance_transactions"].append(
                self._txn(-dispute["amount"], dispute["currency"], "adjustment", "dispute", dispute["id"]))
            charge["disputed"] = True
            self._disputes[dispute["id"]] = dispute
            return copy.deepcopy(dispute)

    def close_dispute(self, dp_id: str, won: bool) -> dict[str, Any]:
        """The bank decided: status won (the amount comes back to the balance) or lost, no more
        evidence due. Returns the dispute."""
        with self._lock:
            dispute = self._disputes[dp_id]
            dispute["status"] = "won" if won else "lost"
            dispute["evidence_details"]["due_by"] = None
            if won:
                dispute["balance_transactions"].append(
                    self._txn(dispute["amount"], dispute["currency"], "adjustment", "dispute_reversal", dp_id))
            return copy.deepcopy(dispute)

    # endpoints ------------------------------------------------------------------------------------------

    def _create_payment_intent(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "PaymentIntentCreateParams", "payment_intent")
        amount = int_param(params, "amount", required=True)
        currency = currency_param(params)
        if amount < MINIMUM.get(currency, 1):
            minimum = MINIMUM.get(currency, 1)
            raise StripeError(400, f"Amount must be at least {money(minimum, currency)} {currency}",
                              code="amount_too_small", param="amount")
        if amount > MAXIMUM:
            raise StripeError(400, f"Amount must be no more than {money(MAXIMUM, currency)}",
                              code="amount_too_large", param="amount")
        fee = int_param(params, "application_fee_amount", required=False)
        transfer = params.get("transfer_data")
        if transfer is not None and not isinstance(transfer, dict):
            raise StripeError(400, "Invalid object", param="transfer_data")
        destination = (transfer or {}).get("destination")
        if transfer is not None and not destination:
            raise missing("transfer_data[destination]")
        transfer_amount = int_param(transfer or {}, "amount", required=False, label="transfer_data[amount]")
        if fee is not None:
            if not destination and not params.get("on_behalf_of") and not headers.get("stripe-account"):
                raise StripeError(400, "Can only apply an application_fee_amount when the PaymentIntent is attempting "
                                       "a direct payment (using an OAuth key or Stripe-Account header) or destination "
                                       "payment (using `transfer_data[destination]`).", param="application_fee_amount")
            if fee > amount:
                raise StripeError(400, "The application fee amount must be less than or equal to the amount "
                                       f"({amount}).", param="application_fee_amount")
        if destination:
            self._check_destination(destination, "transfer_data[destination]")
        metadata = metadata_param(params)
        apm = params.get("automatic_payment_methods")
        if isinstance(apm, dict):
            apm = {"allow_redirects": apm.get("allow_redirects", "always"), "enabled": truthy(apm.get("enabled"))}
        elif "payment_method_types" not in params:
            apm = {"allow_redirects": "always", "enabled": True}  # the default since API version 2023-08-16
        pi_id = f"pi_{rand()}"
        pi = {
            "id": pi_id, "object": "payment_intent", "amount": amount, "amount_capturable": 0,
            "amount_received": 0, "application_fee_amount": fee, "automatic_payment_methods": apm,
            "canceled_at": None, "cancellation_reason": None,
            "capture_method": params.get("capture_method", "automatic_async"),
            "client_secret": f"{pi_id}_secret_{rand(25)}", "confirmation_method": "automatic",
            "created": self.now, "currency": currency, "customer": params.get("customer"),
            "description": params.get("description"), "last_payment_error": None, "latest_charge": None,
            "livemode": False, "metadata": metadata, "next_action": None,
            "on_behalf_of": params.get("on_behalf_of"), "payment_method": None,
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "receipt_email": params.get("receipt_email"), "statement_descriptor": params.get("statement_descriptor"),
            "statement_descriptor_suffix": params.get("statement_descriptor_suffix"),
            "status": "requires_payment_method",
            "transfer_data": ({"destination": destination}
                              | ({"amount": transfer_amount} if transfer_amount is not None else {})
                              if destination else None),
            "transfer_group": params.get("transfer_group"),
        }
        self._payment_intents[pi_id] = pi
        return self._expand(pi, params)

    def _get_payment_intent(self, pi_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "PaymentIntentRetrieveParams", "payment_intent")
        if pi_id not in self._payment_intents:
            raise no_such("payment_intent", pi_id, "id")
        return self._expand(self._payment_intents[pi_id], params)

    def _payable(self, pi_id: str, action: str) -> dict[str, Any]:
        pi = self._payment_intents.get(pi_id)
        if pi is None:
            raise no_such("payment_intent", pi_id, "intent")
        if pi["status"] in ("succeeded", "canceled", "processing"):
            raise StripeError(400, f"You cannot {action} this PaymentIntent because it has a status of "
                                   f"{pi['status']}.", code="payment_intent_unexpected_state",
                              payment_intent=copy.deepcopy(pi))
        return pi

    def _update_payment_intent(self, pi_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Stripe: amount, application_fee_amount and metadata change while the intent is not yet paid."""
        check_known(params, "PaymentIntentUpdateParams", "payment_intent")
        pi = self._payable(pi_id, "update")
        amount = int_param(params, "amount", required=False)
        fee = int_param(params, "application_fee_amount", required=False)
        if amount is not None:
            if amount < 50:
                raise StripeError(400, "Amount must be at least $0.50 usd", code="amount_too_small", param="amount")
            pi["amount"] = amount
        if fee is not None:
            if not pi["transfer_data"] and not pi["on_behalf_of"]:
                raise StripeError(400, "Can only apply an application_fee_amount when the PaymentIntent is attempting "
                                       "a direct payment or destination payment.", param="application_fee_amount")
            if fee > pi["amount"]:
                raise StripeError(400, "The application fee amount must be less than or equal to the amount "
                                       f"({pi['amount']}).", param="application_fee_amount")
            pi["application_fee_amount"] = fee
        if "metadata" in params:
            pi["metadata"] = {**pi["metadata"], **metadata_param(params)}
        return self._expand(pi, params)

    def _cancel_payment_intent(self, pi_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Stripe: an intent not yet paid can be canceled; its client_secret can no longer pay."""
        check_known(params, "PaymentIntentCancelParams", "payment_intent")
        pi = self._payable(pi_id, "cancel")
        reason = params.get("cancellation_reason")
        if reason is not None and reason not in ("duplicate", "fraudulent", "requested_by_customer", "abandoned"):
            raise StripeError(400, "Invalid cancellation_reason", param="cancellation_reason")
        pi.update(status="canceled", canceled_at=self.now, cancellation_reason=reason)
        return self._expand(pi, params)

    def _refundable_charge(self, params: dict[str, Any]) -> dict[str, Any]:
        pi_id, ch_id = params.get("payment_intent"), params.get("charge")
        if pi_id and ch_id:
            raise StripeError(400, "You can only specify one of these parameters: charge, payment_intent.")
        if not pi_id and not ch_id:
            raise StripeError(400, "One of the following params should be provided for this request: "
                                   "payment_intent or charge.")
        if pi_id:
            pi = self._payment_intents.get(pi_id)
            if pi is None:
                raise no_such("payment_intent", pi_id, "payment_intent", status=400)
            charge = self._charges.get(pi["latest_charge"] or "")
            if pi["status"] != "succeeded" or charge is None or charge["status"] != "succeeded":
                raise StripeError(400, f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.")
        else:
            charge = self._charges.get(ch_id)
            if charge is None:
                raise no_such("charge", ch_id, "charge", status=400)
            if charge["status"] != "succeeded":
                raise StripeError(400, f"Charge {ch_id} has not succeeded and cannot be refunded.")
        if charge["refunded"]:
            raise StripeError(400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
        return charge

    def _create_refund(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """A refund of a destination charge can take back the same share of the transfer
        (reverse_transfer) and of the application fee (refund_application_fee); the refund that
        empties the charge takes back exactly what is left of both."""
        check_known(params, "RefundCreateParams", "refund")
        charge = self._refundable_charge(params)
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = int_param(params, "amount", required=False)
        if amount is None:
            amount = remaining
        currency = charge["currency"]
        if amount <= 0:
            raise StripeError(400, "Invalid positive integer", code="parameter_invalid_integer", param="amount")
        if amount > remaining:
            if charge["amount_refunded"] == 0:
                message = (f"Refund amount ({money(amount, currency)}) is greater than charge amount "
                           f"({money(charge['amount'], currency)})")
            else:
                message = (f"Refund amount ({money(amount, currency)}) is greater than unrefunded amount on "
                           f"charge ({money(remaining, currency)})")
            raise StripeError(400, message, param="amount")
        reason = params.get("reason")
        if reason is not None and reason not in ("duplicate", "fraudulent", "requested_by_customer"):
            raise StripeError(400, "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                              param="reason")
        reverse = truthy(params.get("reverse_transfer"))
        if reverse and not charge["transfer"]:
            raise StripeError(400, "reverse_transfer can only be used with destination charges.",
                              param="reverse_transfer")
        metadata = metadata_param(params)
        charge["amount_refunded"] += amount
        charge["refunded"] = emptied = charge["amount_refunded"] == charge["amount"]
        refund = {
            "id": f"re_{rand()}", "object": "refund", "amount": amount, "balance_transaction": None,
            "charge": charge["id"], "created": self.now, "currency": currency, "metadata": metadata,
            "payment_intent": charge["payment_intent"], "reason": reason, "receipt_number": None,
            "source_transfer_reversal": None, "status": "pending" if self.refunds_start_pending else "succeeded",
            "transfer_reversal": None,
        }
        refund["balance_transaction"] = self._txn(-amount, currency, "refund", "refund", refund["id"])["id"]
        self._refunds[refund["id"]] = refund
        if reverse:
            transfer = self._transfers[charge["transfer"]]
            rest = transfer["amount"] - transfer["amount_reversed"]
            part = rest if emptied else min(rest, share(amount, transfer["amount"], charge["amount"]))
            if part > 0:
                refund["transfer_reversal"] = self._new_reversal(transfer, part, source_refund=refund["id"])["id"]
        if truthy(params.get("refund_application_fee")) and charge["application_fee"]:
            self._refund_fee_share(self._application_fees[charge["application_fee"]], amount, charge["amount"],
                                   emptied)
        return self._expand(refund, params)

    def _list_refunds(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "RefundListParams", "refund", listing=True)
        created = range_filter(params, "created")
        refunds = [r for r in self._refunds.values() if created(r["created"])
                   and params.get("payment_intent") in (None, r["payment_intent"])
                   and params.get("charge") in (None, r["charge"])]
        return page(refunds, params, "/v1/refunds", "refund", self._listed(params))

    def _get_refund(self, re_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "RefundRetrieveParams", "refund")
        if re_id not in self._refunds:
            raise no_such("refund", re_id, "id")
        return self._expand(self._refunds[re_id], params)

    def _get_dispute(self, dp_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "DisputeRetrieveParams", "dispute")
        if dp_id not in self._disputes:
            raise no_such("dispute", dp_id, "dispute")
        return self._expand(self._disputes[dp_id], params)

    def _get_charge(self, ch_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        check_known(params, "ChargeRetrieveParams", "charge")
        if ch_id not in self._charges:
            raise no_such("charge", ch_id, "id")
        return self._expand(self._charges[ch_id], params)

    # state helpers --------------------------------------------------------------------------------------

    def _new_charge(self, pi: dict[str, Any], status: str, failure_message: str | None = None) -> dict[str, Any]:
        succeeded = status == "succeeded"
        charge = {
            "id": f"ch_{rand()}", "object": "charge", "amount": pi["amount"],
            "amount_captured": pi["amount"] if succeeded else 0, "amount_refunded": 0, "disputed": False,
            "application": None, "application_fee": None, "application_fee_amount": pi["application_fee_amount"],
            "balance_transaction": None, "captured": succeeded,
            "created": self.now, "currency": pi["currency"], "customer": pi["customer"],
            "description": pi["description"], "destination": (pi["transfer_data"] or {}).get("destination"),
            "failure_code": None if succeeded else "card_declined", "failure_message": failure_message,
            "livemode": False, "metadata": copy.deepcopy(pi["metadata"]), "on_behalf_of": pi["on_behalf_of"],
            "paid": succeeded, "payment_intent": pi["id"], "payment_method": f"pm_{rand()}",
            "refunded": False, "status": status, "transfer": None, "transfer_data": copy.deepcopy(pi["transfer_data"]),
            "transfer_group": pi["transfer_group"],
        }
        self._charges[charge["id"]] = charge
        return charge
