"""A fake Stripe API server for tests: the official `stripe` SDK talks to it over real HTTP on 127.0.0.1.

    with FakeStripe() as fake:
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": fake.url},
                                     http_client=stripe.HTTPXClient())
        pi = await client.v1.payment_intents.create_async(params={...}, options={"idempotency_key": "k"})
        fake.succeed(pi.id)                   # the customer paid
        payload = FakeStripe.event("payment_intent.succeeded", fake.payment_intent(pi.id))
        header = FakeStripe.sign(payload, "whsec_test")   # -> the Stripe-Signature header

Implemented (v1, form-encoded like the SDK sends): POST/GET /v1/payment_intents[/{id}], POST
/v1/payment_intents/{id}[/cancel] (update, cancel), POST /v1/refunds,
GET /v1/refunds/{id}, GET /v1/charges/{id}, GET /v1/disputes/{id}, POST/GET /v1/accounts[/{id}],
POST /v1/account_links.
Anything else is a 404 invalid_request_error. Errors have Stripe's shape, status codes and (as far as known)
messages, so the SDK raises the same exception classes it raises against api.stripe.com.

Behaviour worth knowing:
- Unknown top-level parameters are refused like Stripe does ("Received unknown parameter: x"); the allowed
  names come from the SDK's own *Params TypedDicts, so anything the SDK types as a parameter is accepted.
  Passing request options (idempotency_key, stripe_account, ...) inside `params` is therefore caught.
- `transfer_data[destination]` must be an account this fake knows with the transfers capability active
  (Stripe refuses otherwise). Create it through the API and call `enable_account`, or seed one with
  `add_account()`. `FakeStripe(check_destinations=False)` switches the check off.
- Idempotency is scoped per API key (+ Stripe-Account); only 2xx responses are stored and replayed
  (with header Idempotent-Replayed: true), like Stripe, which does not store validation errors.
"""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import socket
import string
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest

__all__ = ["FakeStripe", "Recorded", "StripeError", "fake_stripe"]

_ALNUM = string.ascii_letters + string.digits
_NOT_PARAMS = {"api_key", "stripe_version", "stripe_account", "stripe_context", "max_network_retries",
               "idempotency_key", "content_type", "headers"}  # RequestOptions, not API parameters
_INT_FIELDS = ("amount", "application_fee_amount")
_ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                 "xaf", "xof", "xpf"}
_SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "$", "aud": "$", "nzd": "$"}
_MINIMUM = {"usd": 50, "eur": 50, "gbp": 30, "cad": 50, "aud": 50, "nzd": 50, "chf": 50, "jpy": 50}
_MAXIMUM = 99_999_999
_COUNTRY_CURRENCY = {"US": "usd", "CA": "cad", "GB": "gbp", "AU": "aud", "NZ": "nzd", "JP": "jpy", "CH": "chf"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _allowed(params_class: str) -> frozenset[str]:
    """Top-level parameter names of an endpoint, read from the SDK's TypedDict for it."""
    import stripe.params

    annotations: dict[str, Any] = {}
    for klass in reversed(getattr(stripe.params, params_class).__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    return frozenset(annotations) - _NOT_PARAMS | {"expand"}


def _rand(n: int = 24) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def _now() -> int:
    return int(time.time())


def _money(amount: int, currency: str) -> str:
    """How Stripe writes an amount in its error messages: $12.50, €3.00, ¥500."""
    symbol = _SYMBOLS.get(currency)
    text = f"{amount:,}" if currency in _ZERO_DECIMAL else f"{amount / 100:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


class StripeError(Exception):
    """An API error response: raised inside the fake, turned into Stripe's JSON error body."""

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"type": type, "message": message}
        if code is not None:
            self.body["code"] = code
        if param is not None:
            self.body["param"] = param
        self.body.update(extra)


def _missing(param: str) -> StripeError:
    return StripeError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def _no_such(kind: str, ident: str, param: str, status: int = 404) -> StripeError:
    return StripeError(status, f"No such {kind}: '{ident}'", code="resource_missing", param=param)


# --- form decoding -------------------------------------------------------------------------------------------

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def decode_form(text: str) -> dict[str, Any]:
    """`a[b][c]=1&l[0]=x&l[1]=y&m[]=z` -> {"a": {"b": {"c": "1"}}, "l": ["x", "y"], "m": ["z"]}.
    Values stay strings; `metadata` keys that look like indexes stay a dict."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        m = _KEY.match(key)
        parts = [m.group(1), *re.findall(r"\[([^\[\]]*)\]", m.group(2))] if m else [key]
        node = root
        for i, part in enumerate(parts):
            if part == "":
                part = str(len(node))
            if i == len(parts) - 1:
                if isinstance(node.get(part), dict):
                    raise StripeError(400, "Invalid hash", param=parts[0])
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise StripeError(400, "Invalid hash", param=parts[0])
                node = child
    return _listify(root, in_metadata=False)


def _listify(node: Any, in_metadata: bool) -> Any:
    if not isinstance(node, dict):
        return node
    out = {k: _listify(v, in_metadata=k == "metadata") for k, v in node.items()}
    if not in_metadata and out and set(out) == {str(i) for i in range(len(out))}:
        return [out[str(i)] for i in range(len(out))]
    return out


def _with_ints(params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    for name in _INT_FIELDS:
        if isinstance(out.get(name), str) and re.fullmatch(r"-?\d+", out[name]):
            out[name] = int(out[name])
    return out


# --- recorded requests ----------------------------------------------------------------------------------------

@dataclass
class Recorded:
    method: str                       # "GET", "POST"
    path: str                         # "/v1/payment_intents/pi_123" (no query string)
    params: dict[str, Any]            # decoded body (POST) or query (GET); amount/application_fee_amount as int
    idempotency_key: str | None
    api_key: str | None
    headers: dict[str, str] = field(default_factory=dict)   # lower-case names
    status: int | None = None         # the response status the fake sent
    response: Any = None              # the response JSON the fake sent

    @property
    def stripe_version(self) -> str | None:
        return self.headers.get("stripe-version")

    @property
    def stripe_account(self) -> str | None:
        return self.headers.get("stripe-account")


# --- the server ---------------------------------------------------------------------------------------------

Route = tuple[str, "re.Pattern[str]", Callable[..., Any]]


class FakeStripe:
    def __init__(self, *, check_destinations: bool = True):
        self.check_destinations = check_destinations
        self.requests: list[Recorded] = []
        self._outages: list[list] = []  # [method, path prefix, how many more requests fail]
        self._lock = threading.RLock()
        self._payment_intents: dict[str, dict[str, Any]] = {}
        self._charges: dict[str, dict[str, Any]] = {}
        self._refunds: dict[str, dict[str, Any]] = {}
        self._disputes: dict[str, dict[str, Any]] = {}
        self._accounts: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[tuple[str, str, str], tuple[str, str, dict[str, Any], int, Any, str]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sockets: set[Any] = set()
        self.url = ""
        self._routes: list[Route] = [
            ("POST", re.compile(r"/v1/payment_intents"), self._create_payment_intent),
            ("GET", re.compile(r"/v1/payment_intents/([^/]+)"), self._get_payment_intent),
            ("POST", re.compile(r"/v1/payment_intents/([^/]+)/cancel"), self._cancel_payment_intent),
            ("POST", re.compile(r"/v1/payment_intents/([^/]+)"), self._update_payment_intent),
            ("POST", re.compile(r"/v1/refunds"), self._create_refund),
            ("GET", re.compile(r"/v1/refunds/([^/]+)"), self._get_refund),
            ("GET", re.compile(r"/v1/charges/([^/]+)"), self._get_charge),
            ("GET", re.compile(r"/v1/disputes/([^/]+)"), self._get_dispute),
            ("POST", re.compile(r"/v1/accounts"), self._create_account),
            ("GET", re.compile(r"/v1/accounts/([^/]+)"), self._get_account),
            ("POST", re.compile(r"/v1/account_links"), self._create_account_link),
        ]

    # lifecycle ------------------------------------------------------------------------------------------

    def start(self) -> "FakeStripe":
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-stripe", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:  # idle keep-alive connections would otherwise keep their handler threads
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> "FakeStripe":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # test-side helpers --------------------------------------------------------------------------------

    def requests_to(self, method: str, path_prefix: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == method.upper() and r.path.startswith(path_prefix)]

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

    def account(self, acct_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._accounts[acct_id])

    def succeed(self, pi_id: str) -> dict[str, Any]:
        """The customer paid: a succeeded charge, status "succeeded", latest_charge set. Returns the PI."""
        with self._lock:
            pi = self._payment_intents[pi_id]
            if pi["status"] in ("succeeded", "canceled"):
                raise ValueError(f"{pi_id} is {pi['status']}; it cannot succeed again")
            charge = self._new_charge(pi, "succeeded")
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

    def fail_refund(self, re_id: str, reason: str = "expired_or_canceled_card") -> dict[str, Any]:
        """The refund could not reach the customer (Stripe: status "failed", failure_reason set); the
        money returns to the balance and the charge's amount_refunded drops by it. Returns the refund."""
        with self._lock:
            refund = self._refunds[re_id]
            if refund["status"] not in ("pending", "succeeded"):
                raise ValueError(f"{re_id} is {refund['status']}; it cannot fail")
            charge = self._charges[refund["charge"]]
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
            refund.update(status="failed", failure_reason=reason,
                          failure_balance_transaction=f"txn_{_rand()}")
            return copy.deepcopy(refund)

    def enable_account(self, acct_id: str) -> dict[str, Any]:
        """Onboarding finished: charges and payouts enabled, requested capabilities active."""
        with self._lock:
            acct = self._accounts[acct_id]
            caps = acct["capabilities"] or {"card_payments": "inactive", "transfers": "inactive"}
            acct.update(charges_enabled=True, payouts_enabled=True, details_submitted=True,
                        capabilities={name: "active" for name in caps})
            acct["requirements"].update(currently_due=[], eventually_due=[], past_due=[], disabled_reason=None)
            return copy.deepcopy(acct)

    def dispute(self, pi_id: str, reason: str = "fraudulent", status: str = "needs_response") -> dict[str, Any]:
        """The renter's bank disputes the intent's charge (Stripe creates the dispute and takes the
        amount from the balance). Returns the dispute, as data.object of charge.dispute.created."""
        with self._lock:
            pi = self._payment_intents[pi_id]
            charge = self._charges[pi["latest_charge"]]
            due = _now() + 14 * 86_400
            dispute = {
                "id": f"dp_{_rand()}", "object": "dispute", "amount": charge["amount"] - charge["amount_refunded"],
                "balance_transactions": [], "charge": charge["id"], "created": _now(), "currency": charge["currency"],
                "evidence": {"customer_name": None, "product_description": None, "uncategorized_text": None},
                "evidence_details": {"due_by": due, "has_evidence": False, "past_due": False, "submission_count": 0},
                "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": pi_id,
                "reason": reason, "status": status,
            }
            charge["disputed"] = True
            self._disputes[dispute["id"]] = dispute
            return copy.deepcopy(dispute)

    def close_dispute(self, dp_id: str, won: bool) -> dict[str, Any]:
        """The bank decided: status won or lost, no more evidence due. Returns the dispute."""
        with self._lock:
            dispute = self._disputes[dp_id]
            dispute["status"] = "won" if won else "lost"
            dispute["evidence_details"]["due_by"] = None
            return copy.deepcopy(dispute)

    def outage(self, method: str, path_prefix: str, times: int = 1) -> None:
        """The next `times` matching requests fail as Stripe does when it has trouble: 500 with an
        api_error (and Stripe-Should-Retry: false, so the SDK does not retry by itself)."""
        with self._lock:
            self._outages.append([method.upper(), path_prefix, times])

    def _in_outage(self, method: str, path: str) -> bool:
        for outage in self._outages:
            if outage[0] == method and path.startswith(outage[1]) and outage[2] > 0:
                outage[2] -= 1
                return True
        return False

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

    @staticmethod
    def event(event_type: str, obj: dict[str, Any], event_id: str | None = None,
              created: int | None = None, livemode: bool = False, account: str | None = None) -> bytes:
        """The JSON body of a Stripe webhook Event carrying `obj` as data.object. A connected
        account's event (sent to Connect endpoints) names the account in `account`."""
        import stripe

        return json.dumps({
            "id": event_id or f"evt_{_rand()}", "object": "event", "api_version": stripe.api_version,
            **({"account": account} if account else {}),
            "created": created if created is not None else _now(), "data": {"object": obj},
            "livemode": livemode, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }).encode()

    @staticmethod
    def sign(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
        """The Stripe-Signature header for `payload`: t=<ts>,v1=<hex HMAC-SHA256(secret, "<ts>.<payload>")>."""
        ts = _now() if timestamp is None else int(timestamp)
        body = payload.decode("utf-8") if isinstance(payload, (bytes, bytearray)) else payload
        mac = hmac.new(secret.encode("utf-8"), f"{ts}.{body}".encode("utf-8"), hashlib.sha256).hexdigest()
        return f"t={ts},v1={mac}"

    # request handling (called from the server threads) ---------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes
               ) -> tuple[int, dict[str, str], Any]:
        split = urlsplit(raw_path)
        path = split.path
        request_id = f"req_{_rand(14)}"
        out_headers = {"Request-Id": request_id}
        if headers.get("stripe-version"):
            out_headers["Stripe-Version"] = headers["stripe-version"]
        record = Recorded(method=method, path=path, params={}, idempotency_key=headers.get("idempotency-key"),
                          api_key=None, headers=dict(headers))
        with self._lock:
            self.requests.append(record)
            try:
                text = body.decode("utf-8") if method == "POST" else split.query
                try:
                    record.params = _with_ints(decode_form(text))
                except StripeError:
                    record.params = {"_undecodable": text}
                record.api_key = api_key = _api_key(headers.get("authorization", ""))
                params = decode_form(text)
                if self._in_outage(method, path):
                    raise StripeError(500, "An unknown error occurred", type="api_error")
                status, out, more = self._dispatch(method, path, params, headers, api_key, request_id)
                out_headers.update(more)
            except StripeError as e:
                status, out = e.status, {"error": e.body}
                if e.status == 401:
                    out_headers["WWW-Authenticate"] = 'Bearer realm="Stripe"'
            except Exception:  # a bug in the fake: say so loudly, and ask the SDK not to retry
                status, out = 500, {"error": {"type": "api_error",
                                              "message": "fake_stripe crashed:\n" + traceback.format_exc()}}
                out_headers["Stripe-Should-Retry"] = "false"
            if status >= 400:
                out_headers.setdefault("Stripe-Should-Retry", "false")
            record.status, record.response = status, copy.deepcopy(out)
            return status, out_headers, out

    def _dispatch(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str],
                  api_key: str, request_id: str) -> tuple[int, Any, dict[str, str]]:
        for route_method, pattern, handler in self._routes:
            m = pattern.fullmatch(path)
            if m and route_method == method:
                args = [unquote_plus(g) for g in m.groups()]
                if method != "POST":
                    return 200, handler(*args, params=params), {}
                return self._idempotent(method, path, params, headers, api_key, request_id,
                                        lambda: handler(*args, params=params, headers=headers))
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
                               "or we can help at https://support.stripe.com/. (fake_stripe does not implement it)")

    def _idempotent(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str], api_key: str,
                    request_id: str, run: Callable[[], Any]) -> tuple[int, Any, dict[str, str]]:
        key = headers.get("idempotency-key")
        if not key:
            return 200, run(), {}
        scope = (api_key, headers.get("stripe-account", ""), key)
        stored = self._idempotency.get(scope)
        if stored is not None:
            first_method, first_path, first_params, status, out, request_id = stored
            if (first_method, first_path) != (method, path):
                raise StripeError(400, "Keys for idempotent requests can only be used for the same endpoint they "
                                       f"were first used for ('{first_path}' vs '{path}'). Try using a key other "
                                       f"than '{key}' if you meant to execute a different request.",
                                  type="idempotency_error")
            if first_params != params:
                raise StripeError(400, "Keys for idempotent requests can only be used with the same parameters "
                                       "they were first used with. Try using a key other than "
                                       f"'{key}' if you meant to execute a different request.",
                                  type="idempotency_error")
            return status, copy.deepcopy(out), {"Idempotent-Replayed": "true", "Original-Request": request_id,
                                                "Idempotency-Key": key}
        out = run()
        self._idempotency[scope] = (method, path, copy.deepcopy(params), 200, copy.deepcopy(out), request_id)
        return 200, out, {"Idempotency-Key": key}

    # endpoints ------------------------------------------------------------------------------------------

    def _create_payment_intent(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        _check_known(params, "PaymentIntentCreateParams", "payment_intent")
        amount = _int_param(params, "amount", required=True)
        currency = _currency(params)
        if amount < _MINIMUM.get(currency, 1):
            minimum = _MINIMUM.get(currency, 1)
            raise StripeError(400, f"Amount must be at least {_money(minimum, currency)} {currency}",
                              code="amount_too_small", param="amount")
        if amount > _MAXIMUM:
            raise StripeError(400, f"Amount must be no more than {_money(_MAXIMUM, currency)}",
                              code="amount_too_large", param="amount")
        fee = _int_param(params, "application_fee_amount", required=False)
        transfer = params.get("transfer_data")
        if transfer is not None and not isinstance(transfer, dict):
            raise StripeError(400, "Invalid object", param="transfer_data")
        destination = (transfer or {}).get("destination")
        if transfer is not None and not destination:
            raise _missing("transfer_data[destination]")
        transfer_amount = _int_param(transfer or {}, "amount", required=False, label="transfer_data[amount]")
        if fee is not None:
            if not destination and not params.get("on_behalf_of") and not headers.get("stripe-account"):
                raise StripeError(400, "Can only apply an application_fee_amount when the PaymentIntent is attempting "
                                       "a direct payment (using an OAuth key or Stripe-Account header) or destination "
                                       "payment (using `transfer_data[destination]`).", param="application_fee_amount")
            if fee > amount:
                raise StripeError(400, "The application fee amount must be less than or equal to the amount "
                                       f"({amount}).", param="application_fee_amount")
        if destination and self.check_destinations:
            acct = self._accounts.get(destination)
            if acct is None:
                raise _no_such("destination", destination, "transfer_data[destination]", status=400)
            if acct["capabilities"].get("transfers") != "active":
                raise StripeError(400, "Your destination account needs to have at least one of the following "
                                       "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                                  code="insufficient_capabilities_for_transfer", param="transfer_data[destination]")
        metadata = _metadata(params)
        apm = params.get("automatic_payment_methods")
        if isinstance(apm, dict):
            apm = {"allow_redirects": apm.get("allow_redirects", "always"), "enabled": _truthy(apm.get("enabled"))}
        elif "payment_method_types" not in params:
            apm = {"allow_redirects": "always", "enabled": True}  # the default since API version 2023-08-16
        pi_id = f"pi_{_rand()}"
        pi = {
            "id": pi_id, "object": "payment_intent", "amount": amount, "amount_capturable": 0,
            "amount_received": 0, "application_fee_amount": fee, "automatic_payment_methods": apm,
            "canceled_at": None, "cancellation_reason": None,
            "capture_method": params.get("capture_method", "automatic_async"),
            "client_secret": f"{pi_id}_secret_{_rand(25)}", "confirmation_method": "automatic",
            "created": _now(), "currency": currency, "customer": params.get("customer"),
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

    def _get_payment_intent(self, pi_id: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_known(params, "PaymentIntentRetrieveParams", "payment_intent")
        if pi_id not in self._payment_intents:
            raise _no_such("payment_intent", pi_id, "id")
        return self._expand(self._payment_intents[pi_id], params)

    def _payable(self, pi_id: str, action: str) -> dict[str, Any]:
        pi = self._payment_intents.get(pi_id)
        if pi is None:
            raise _no_such("payment_intent", pi_id, "intent")
        if pi["status"] in ("succeeded", "canceled", "processing"):
            raise StripeError(400, f"You cannot {action} this PaymentIntent because it has a status of "
                                   f"{pi['status']}.", code="payment_intent_unexpected_state",
                              payment_intent=copy.deepcopy(pi))
        return pi

    def _update_payment_intent(self, pi_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Stripe: amount, application_fee_amount and metadata change while the intent is not yet paid."""
        _check_known(params, "PaymentIntentUpdateParams", "payment_intent")
        pi = self._payable(pi_id, "update")
        amount = _int_param(params, "amount", required=False)
        fee = _int_param(params, "application_fee_amount", required=False)
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
            pi["metadata"] = {**pi["metadata"], **_metadata(params)}
        return self._expand(pi, params)

    def _cancel_payment_intent(self, pi_id: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Stripe: an intent not yet paid can be canceled; its client_secret can no longer pay."""
        _check_known(params, "PaymentIntentCancelParams", "payment_intent")
        pi = self._payable(pi_id, "cancel")
        reason = params.get("cancellation_reason")
        if reason is not None and reason not in ("duplicate", "fraudulent", "requested_by_customer", "abandoned"):
            raise StripeError(400, "Invalid cancellation_reason", param="cancellation_reason")
        pi.update(status="canceled", canceled_at=_now(), cancellation_reason=reason)
        return self._expand(pi, params)

    def _create_refund(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        _check_known(params, "RefundCreateParams", "refund")
        pi_id, ch_id = params.get("payment_intent"), params.get("charge")
        if pi_id and ch_id:
            raise StripeError(400, "You can only specify one of these parameters: charge, payment_intent.")
        if not pi_id and not ch_id:
            raise StripeError(400, "One of the following params should be provided for this request: "
                                   "payment_intent or charge.")
        if pi_id:
            pi = self._payment_intents.get(pi_id)
            if pi is None:
                raise _no_such("payment_intent", pi_id, "payment_intent", status=400)
            charge = self._charges.get(pi["latest_charge"] or "")
            if pi["status"] != "succeeded" or charge is None or charge["status"] != "succeeded":
                raise StripeError(400, f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.")
        else:
            charge = self._charges.get(ch_id)
            if charge is None:
                raise _no_such("charge", ch_id, "charge", status=400)
            if charge["status"] != "succeeded":
                raise StripeError(400, f"Charge {ch_id} has not succeeded and cannot be refunded.")
        if charge["refunded"]:
            raise StripeError(400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = _int_param(params, "amount", required=False)
        if amount is None:
            amount = remaining
        currency = charge["currency"]
        if amount <= 0:
            raise StripeError(400, "Invalid positive integer", code="parameter_invalid_integer", param="amount")
        if amount > remaining:
            if charge["amount_refunded"] == 0:
                message = (f"Refund amount ({_money(amount, currency)}) is greater than charge amount "
                           f"({_money(charge['amount'], currency)})")
            else:
                message = (f"Refund amount ({_money(amount, currency)}) is greater than unrefunded amount on "
                           f"charge ({_money(remaining, currency)})")
            raise StripeError(400, message, param="amount")
        reason = params.get("reason")
        if reason is not None and reason not in ("duplicate", "fraudulent", "requested_by_customer"):
            raise StripeError(400, "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                              param="reason")
        metadata = _metadata(params)
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        refund = {
            "id": f"re_{_rand()}", "object": "refund", "amount": amount, "balance_transaction": f"txn_{_rand()}",
            "charge": charge["id"], "created": _now(), "currency": currency, "metadata": metadata,
            "payment_intent": charge["payment_intent"], "reason": reason, "receipt_number": None,
            "source_transfer_reversal": None, "status": "succeeded",
            "transfer_reversal": f"trr_{_rand()}" if _truthy(params.get("reverse_transfer")) else None,
        }
        self._refunds[refund["id"]] = refund
        return self._expand(refund, params)

    def _get_refund(self, re_id: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_known(params, "RefundRetrieveParams", "refund")
        if re_id not in self._refunds:
            raise _no_such("refund", re_id, "id")
        return self._expand(self._refunds[re_id], params)

    def _get_dispute(self, dp_id: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_known(params, "DisputeRetrieveParams", "dispute")
        if dp_id not in self._disputes:
            raise _no_such("dispute", dp_id, "dispute")
        return self._expand(self._disputes[dp_id], params)

    def _get_charge(self, ch_id: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_known(params, "ChargeRetrieveParams", "charge")
        if ch_id not in self._charges:
            raise _no_such("charge", ch_id, "id")
        return self._expand(self._charges[ch_id], params)

    def _create_account(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        _check_known(params, "AccountCreateParams", "account")
        if "type" not in params and "controller" not in params:
            raise _missing("type")
        if params.get("type") is not None and params["type"] not in ("custom", "express", "standard"):
            raise StripeError(400, "Invalid type: must be one of custom, express, or standard", param="type")
        if params.get("email") is not None and not _EMAIL.match(params["email"]):
            raise StripeError(400, f"Invalid email address: {params['email']}", code="email_invalid", param="email")
        country = params.get("country", "US")
        if not re.fullmatch(r"[A-Za-z]{2}", country):
            raise StripeError(400, f"Country '{country}' is unknown. Try using a 2-character alphanumeric country "
                                   "code instead, such as 'US', 'EG', or 'GB'.", param="country")
        caps = params.get("capabilities", {})
        if not isinstance(caps, dict) or any(not isinstance(v, dict) for v in caps.values()):
            raise StripeError(400, "Invalid object", param="capabilities")
        return self._expand(self._new_account(params), params)

    def _get_account(self, acct_id: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_known(params, "AccountRetrieveParams", "account")
        if acct_id not in self._accounts:
            raise StripeError(404, f"No such account: '{acct_id}'", code="resource_missing", param="account")
        return self._expand(self._accounts[acct_id], params)

    def _create_account_link(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        _check_known(params, "AccountLinkCreateParams", "account_link")
        account = params.get("account")
        if not account:
            raise _missing("account")
        if not params.get("type"):
            raise _missing("type")
        if params["type"] not in ("account_onboarding", "account_update"):
            raise StripeError(400, "Invalid type: must be one of account_onboarding or account_update", param="type")
        for name in ("refresh_url", "return_url"):
            if params.get(name) is not None and not re.match(r"^https?://[^\s/]+", params[name]):
                raise StripeError(400, "Not a valid URL", code="url_invalid", param=name)
        acct = self._accounts.get(account)
        if acct is None:
            raise StripeError(400, f"No such account: '{account}'", code="resource_missing", param="account")
        kind = {"express": "e", "standard": "s", "custom": "c"}.get(acct["type"], "e")
        created = _now()
        return {"object": "account_link", "created": created, "expires_at": created + 300,
                "url": f"https://connect.stripe.test/setup/{kind}/{account}/{_rand(12)}"}

    # state helpers --------------------------------------------------------------------------------------

    def _new_charge(self, pi: dict[str, Any], status: str, failure_message: str | None = None) -> dict[str, Any]:
        succeeded = status == "succeeded"
        charge = {
            "id": f"ch_{_rand()}", "object": "charge", "amount": pi["amount"],
            "amount_captured": pi["amount"] if succeeded else 0, "amount_refunded": 0, "disputed": False,
            "application_fee_amount": pi["application_fee_amount"],
            "balance_transaction": f"txn_{_rand()}" if succeeded else None, "captured": succeeded,
            "created": _now(), "currency": pi["currency"], "customer": pi["customer"],
            "description": pi["description"], "destination": (pi["transfer_data"] or {}).get("destination"),
            "failure_code": None if succeeded else "card_declined", "failure_message": failure_message,
            "livemode": False, "metadata": copy.deepcopy(pi["metadata"]), "on_behalf_of": pi["on_behalf_of"],
            "paid": succeeded, "payment_intent": pi["id"], "payment_method": f"pm_{_rand()}",
            "refunded": False, "status": status, "transfer_data": copy.deepcopy(pi["transfer_data"]),
            "transfer_group": pi["transfer_group"],
        }
        self._charges[charge["id"]] = charge
        return charge

    def _new_account(self, params: dict[str, Any], acct_id: str | None = None) -> dict[str, Any]:
        country = params.get("country", "US").upper()
        caps = {name: "inactive" for name, want in (params.get("capabilities") or {}).items()
                if _truthy(want.get("requested"))}
        acct = {
            "id": acct_id or f"acct_{_rand(16)}", "object": "account", "type": params.get("type"),
            "business_profile": params.get("business_profile", {}), "business_type": params.get("business_type"),
            "capabilities": caps, "charges_enabled": False, "country": country, "created": _now(),
            "default_currency": params.get("default_currency", _COUNTRY_CURRENCY.get(country, "eur")),
            "details_submitted": False, "email": params.get("email"), "metadata": _metadata(params),
            "payouts_enabled": False,
            "requirements": {"currently_due": ["business_type", "external_account", "tos_acceptance.date",
                                               "tos_acceptance.ip"],
                             "eventually_due": ["business_type", "external_account", "tos_acceptance.date",
                                                "tos_acceptance.ip"],
                             "past_due": ["business_type", "external_account", "tos_acceptance.date",
                                          "tos_acceptance.ip"],
                             "disabled_reason": "requirements.past_due", "current_deadline": None,
                             "errors": [], "pending_verification": []},
        }
        self._accounts[acct["id"]] = acct
        return acct

    def _expand(self, obj: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(obj)
        fields = _EXPANDABLE[out["object"]]
        for name in _expand_list(params):
            store = getattr(self, fields[name]) if fields[name] else {}
            if out.get(name) in store:
                out[name] = copy.deepcopy(store[out[name]])
        return out


def _api_key(authorization: str) -> str:
    scheme, _, credential = authorization.partition(" ")
    key = ""
    if scheme.lower() == "bearer":
        key = credential.strip()
    elif scheme.lower() == "basic":
        import base64
        try:
            key = base64.b64decode(credential.strip()).decode().partition(":")[0]
        except ValueError:
            key = ""
    if not key:
        raise StripeError(401, "You did not provide an API key.")
    if not key.startswith(("sk_", "rk_")):
        if key.startswith("pk_"):
            raise StripeError(401, "This API call cannot be made with a publishable API key. "
                                   "Please use a secret API key.")
        raise StripeError(401, f"Invalid API Key provided: {key[:8]}{'*' * max(0, len(key) - 12)}{key[-4:]}")
    return key


_KNOWN: dict[str, frozenset[str]] = {}
_EXPANDABLE: dict[str, dict[str, str | None]] = {  # expandable field -> the FakeStripe store holding its objects
    "payment_intent": {"latest_charge": "_charges", "customer": None, "payment_method": None},
    "charge": {"payment_intent": "_payment_intents", "balance_transaction": None},
    "refund": {"charge": "_charges", "payment_intent": "_payment_intents"},
    "dispute": {"charge": "_charges", "payment_intent": "_payment_intents"},
    "account": {}, "account_link": {},
}


def _expand_list(params: dict[str, Any]) -> list[str]:
    expand = params.get("expand", [])
    return [expand] if isinstance(expand, str) else list(expand)


def _check_known(params: dict[str, Any], params_class: str, kind: str) -> None:
    """Refuse unknown top-level parameters and unexpandable `expand` entries before anything changes."""
    if params_class not in _KNOWN:
        _KNOWN[params_class] = _allowed(params_class)
    for name in params:
        if name not in _KNOWN[params_class]:
            raise StripeError(400, f"Received unknown parameter: {name}", code="parameter_unknown", param=name)
    for i, name in enumerate(_expand_list(params)):
        if name not in _EXPANDABLE[kind]:
            raise StripeError(400, f"This property cannot be expanded ({name}).", param=f"expand[{i}]")


def _int_param(params: dict[str, Any], name: str, *, required: bool, label: str | None = None) -> int | None:
    value = params.get(name)
    name = label or name
    if value is None:
        if required:
            raise _missing(name)
        return None
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise StripeError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=name)
    if int(value) < 0:
        raise StripeError(400, "This value must be greater than or equal to 0.", code="parameter_invalid_integer",
                          param=name)
    return int(value)


def _currency(params: dict[str, Any]) -> str:
    value = params.get("currency")
    if value is None:
        raise _missing("currency")
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value):
        raise StripeError(400, f"Invalid currency: {str(value).lower()}. Stripe currently supports these currencies: "
                               "usd, eur, gbp, ... (see https://stripe.com/docs/currencies)",
                          code="parameter_invalid_string", param="currency")
    return value.lower()


def _metadata(params: dict[str, Any]) -> dict[str, str]:
    metadata = params.get("metadata", {})
    if metadata == "":
        return {}
    if not isinstance(metadata, dict) or any(not isinstance(v, str) for v in metadata.values()):
        raise StripeError(400, "Invalid value for metadata.", param="metadata")
    if len(metadata) > 50:
        raise StripeError(400, "Invalid metadata: metadata must have at most 50 keys.", param="metadata")
    for key, value in metadata.items():
        if len(key) > 40:
            raise StripeError(400, "Invalid metadata: keys must be at most 40 characters.", param=f"metadata[{key}]")
        if len(value) > 500:
            raise StripeError(400, "Invalid metadata: values must be at most 500 characters.",
                              param=f"metadata[{key}]")
    return {k: v for k, v in metadata.items() if v != ""}  # an empty value unsets a key


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStripe
    protocol_version = "HTTP/1.1"   # keep-alive, like the SDK's pooled httpx client expects
    timeout = 30

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._sockets.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.fake._lock:
                self.fake._sockets.discard(self.connection)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, out_headers, out = self.fake.handle(self.command, self.path, headers, body)
        data = json.dumps(out, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in out_headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def fake_stripe():
    """A running FakeStripe for one test; `fake_stripe.url` is the SDK's base address."""
    with FakeStripe() as fake:
        yield fake
