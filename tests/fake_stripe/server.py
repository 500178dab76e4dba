"""The FakeStripe server: lifecycle, request handling (auth, Stripe-Account, idempotency, outages),
rendering objects (expand, embedded lists) and the clock; the resources live in the mixins."""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import socket
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import unquote_plus, urlsplit

import pytest

from tests.fake_stripe.balance import BalanceMixin
from tests.fake_stripe.common import (EMBEDDED_LIST_SIZE, Recorded, StripeError, api_key, decode_form,
                                      expand_list, rand, real_now, redact, with_ints)
from tests.fake_stripe.connect import ConnectMixin
from tests.fake_stripe.payments import PaymentsMixin

Route = tuple[str, "re.Pattern[str]", Callable[..., Any]]

_STORES = {"pi": "_payment_intents", "ch": "_charges", "re": "_refunds", "dp": "_disputes", "acct": "_accounts",
           "tr": "_transfers", "trr": "_transfer_reversals", "fee": "_application_fees", "fr": "_fee_refunds",
           "txn": "_balance_transactions", "po": "_payouts"}  # id prefix -> the store holding such objects


class FakeStripe(PaymentsMixin, ConnectMixin, BalanceMixin):
    def __init__(self, *, check_destinations: bool = True):
        self.check_destinations = check_destinations
        self.refunds_start_pending = False  # True: new refunds are "pending" until settle_refund()
        self.requests: list[Recorded] = []
        self.application = f"ca_{rand(32)}"  # the platform's Connect application (application_fee.application)
        self._clock: int | None = None
        self._outages: list[list] = []  # [method, path prefix, how many more requests fail]
        self._lock = threading.RLock()
        self._payment_intents: dict[str, dict[str, Any]] = {}
        self._charges: dict[str, dict[str, Any]] = {}
        self._refunds: dict[str, dict[str, Any]] = {}
        self._disputes: dict[str, dict[str, Any]] = {}
        self._accounts: dict[str, dict[str, Any]] = {}
        self._transfers: dict[str, dict[str, Any]] = {}
        self._transfer_reversals: dict[str, dict[str, Any]] = {}
        self._application_fees: dict[str, dict[str, Any]] = {}
        self._fee_refunds: dict[str, dict[str, Any]] = {}
        self._balance_transactions: dict[str, dict[str, Any]] = {}   # oldest first, every balance
        self._balance_of: dict[str, str | None] = {}                  # txn id -> its account (None: the platform)
        self._payouts: dict[str, dict[str, Any]] = {}
        self._payout_account: dict[str, str | None] = {}
        self._idempotency: dict[tuple[str, str, str], tuple[str, str, dict[str, Any], int, Any, str]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sockets: set[Any] = set()
        self.url = ""
        self._routes: list[Route] = [(method, re.compile(pattern), handler) for method, pattern, handler in [
            ("POST", r"/v1/payment_intents", self._create_payment_intent),
            ("GET", r"/v1/payment_intents/([^/]+)", self._get_payment_intent),
            ("POST", r"/v1/payment_intents/([^/]+)/cancel", self._cancel_payment_intent),
            ("POST", r"/v1/payment_intents/([^/]+)", self._update_payment_intent),
            ("POST", r"/v1/refunds", self._create_refund),
            ("GET", r"/v1/refunds", self._list_refunds),
            ("GET", r"/v1/refunds/([^/]+)", self._get_refund),
            ("GET", r"/v1/charges/([^/]+)", self._get_charge),
            ("GET", r"/v1/disputes/([^/]+)", self._get_dispute),
            ("POST", r"/v1/accounts", self._create_account),
            ("GET", r"/v1/accounts/([^/]+)", self._get_account),
            ("POST", r"/v1/account_links", self._create_account_link),
            ("POST", r"/v1/transfers", self._create_transfer),
            ("GET", r"/v1/transfers", self._list_transfers),
            ("GET", r"/v1/transfers/([^/]+)", self._get_transfer),
            ("POST", r"/v1/transfers/([^/]+)/reversals", self._create_transfer_reversal),
            ("GET", r"/v1/application_fees/([^/]+)", self._get_application_fee),
            ("GET", r"/v1/payouts", self._list_payouts),
            ("GET", r"/v1/payouts/([^/]+)", self._get_payout),
            ("GET", r"/v1/balance_transactions", self._list_balance_transactions),
            ("GET", r"/v1/balance_transactions/([^/]+)", self._get_balance_transaction),
        ]]

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

    # the clock ------------------------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The fake's time (Unix seconds): every object's `created` comes from it. Real time unless set."""
        return self._clock if self._clock is not None else real_now()

    @now.setter
    def now(self, ts: int | None) -> None:
        self._clock = None if ts is None else int(ts)

    def set_clock(self, ts: int | None) -> None:
        """Objects made from now on are `created` at `ts` (e.g. yesterday); None returns to real time."""
        self.now = ts

    # test-side helpers --------------------------------------------------------------------------------

    def requests_to(self, method: str, path_prefix: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == method.upper() and r.path.startswith(path_prefix)]

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

    @staticmethod
    def event(event_type: str, obj: dict[str, Any], event_id: str | None = None,
              created: int | None = None, livemode: bool = False, account: str | None = None) -> bytes:
        """The JSON body of a Stripe webhook Event carrying `obj` as data.object. A connected
        account's event (sent to Connect endpoints) names the account in `account`."""
        import stripe

        return json.dumps({
            "id": event_id or f"evt_{rand()}", "object": "event", "api_version": stripe.api_version,
            **({"account": account} if account else {}),
            "created": created if created is not None else real_now(), "data": {"object": obj},
            "livemode": livemode, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }).encode()

    @staticmethod
    def sign(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
        """The Stripe-Signature header for `payload`: t=<ts>,v1=<hex HMAC-SHA256(secret, "<ts>.<payload>")>."""
        ts = real_now() if timestamp is None else int(timestamp)
        body = payload.decode("utf-8") if isinstance(payload, (bytes, bytearray)) else payload
        mac = hmac.new(secret.encode("utf-8"), f"{ts}.{body}".encode("utf-8"), hashlib.sha256).hexdigest()
        return f"t={ts},v1={mac}"

    # request handling (called from the server threads) ---------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes
               ) -> tuple[int, dict[str, str], Any]:
        split = urlsplit(raw_path)
        path = split.path
        request_id = f"req_{rand(14)}"
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
                    record.params = with_ints(decode_form(text))
                except StripeError:
                    record.params = {"_undecodable": text}
                record.api_key = key = api_key(headers.get("authorization", ""))
                params = decode_form(text)
                if self._in_outage(method, path):
                    raise StripeError(500, "An unknown error occurred", type="api_error")
                status, out, more = self._dispatch(method, path, params, headers, key, request_id)
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
                  key: str, request_id: str) -> tuple[int, Any, dict[str, str]]:
        account = headers.get("stripe-account")
        if account is not None and account not in self._accounts:
            raise StripeError(403, f"The provided key '{redact(key)}' does not have access to account '{account}' "
                                   "(or that account does not exist). Application access may have been revoked.",
                              code="account_invalid")
        for route_method, pattern, handler in self._routes:
            m = pattern.fullmatch(path)
            if m and route_method == method:
                args = [unquote_plus(g) for g in m.groups()]
                if method != "POST":
                    return 200, handler(*args, params=params, headers=headers), {}
                return self._idempotent(method, path, params, headers, key, request_id,
                                        lambda: handler(*args, params=params, headers=headers))
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
                               "or we can help at https://support.stripe.com/. (fake_stripe does not implement it)")

    def _idempotent(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str], key: str,
                    request_id: str, run: Callable[[], Any]) -> tuple[int, Any, dict[str, str]]:
        idem = headers.get("idempotency-key")
        if not idem:
            return 200, run(), {}
        scope = (key, headers.get("stripe-account", ""), idem)
        stored = self._idempotency.get(scope)
        if stored is not None:
            first_method, first_path, first_params, status, out, request_id = stored
            if (first_method, first_path) != (method, path):
                raise StripeError(400, "Keys for idempotent requests can only be used for the same endpoint they "
                                       f"were first used for ('{first_path}' vs '{path}'). Try using a key other "
                                       f"than '{idem}' if you meant to execute a different request.",
                                  type="idempotency_error")
            if first_params != params:
                raise StripeError(400, "Keys for idempotent requests can only be used with the same parameters "
                                       "they were first used with. Try using a key other than "
                                       f"'{idem}' if you meant to execute a different request.",
                                  type="idempotency_error")
            return status, copy.deepcopy(out), {"Idempotent-Replayed": "true", "Original-Request": request_id,
                                                "Idempotency-Key": idem}
        out = run()
        self._idempotency[scope] = (method, path, copy.deepcopy(params), 200, copy.deepcopy(out), request_id)
        return 200, out, {"Idempotency-Key": idem}

    # rendering ------------------------------------------------------------------------------------------

    def _find(self, ident: Any) -> dict[str, Any] | None:
        """The stored object with this id, whatever its kind (None for ids the fake does not keep)."""
        if not isinstance(ident, str):
            return None
        store = _STORES.get(ident.partition("_")[0])
        return getattr(self, store).get(ident) if store else None

    def _expand(self, obj: dict[str, Any], params: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        """The object as the API answers: a copy, the requested fields expanded (`prefix` "data." for
        list items), embedded lists cut to their newest 10 like Stripe's."""
        out = copy.deepcopy(obj)
        for name in expand_list(params):
            if name.startswith(prefix) and (found := self._find(out.get(name[len(prefix):]))) is not None:
                out[name[len(prefix):]] = self._expand(found, {})
        for value in out.values():
            if isinstance(value, dict) and value.get("object") == "list" and len(value["data"]) > EMBEDDED_LIST_SIZE:
                value.update(data=value["data"][:EMBEDDED_LIST_SIZE], has_more=True)
        return out

    def _listed(self, params: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda obj: self._expand(obj, params, prefix="data.")


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
