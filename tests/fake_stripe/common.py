"""What every resource of the fake shares: Stripe's error shape, form decoding, parameter checks
(unknown names refused with the SDK's own *Params TypedDicts), list pages and the recorded requests."""
from __future__ import annotations

import re
import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl

_ALNUM = string.ascii_letters + string.digits
_NOT_PARAMS = {"api_key", "stripe_version", "stripe_account", "stripe_context", "max_network_retries",
               "idempotency_key", "content_type", "headers"}  # RequestOptions, not API parameters
_INT_FIELDS = ("amount", "application_fee_amount")
_ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                 "xaf", "xof", "xpf"}
_SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "$", "aud": "$", "nzd": "$"}
MINIMUM = {"usd": 50, "eur": 50, "gbp": 30, "cad": 50, "aud": 50, "nzd": 50, "chf": 50, "jpy": 50}
MAXIMUM = 99_999_999
COUNTRY_CURRENCY = {"US": "usd", "CA": "cad", "GB": "gbp", "AU": "aud", "NZ": "nzd", "JP": "jpy", "CH": "chf"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMBEDDED_LIST_SIZE = 10  # Stripe embeds the 10 newest items of a sub-list (transfer.reversals, ...)


def rand(n: int = 24) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def real_now() -> int:
    return int(time.time())


def money(amount: int, currency: str) -> str:
    """How Stripe writes an amount in its error messages: $12.50, €3.00, ¥500."""
    symbol = _SYMBOLS.get(currency)
    text = f"{amount:,}" if currency in _ZERO_DECIMAL else f"{amount / 100:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def share(part: int, of: int, whole: int) -> int:
    """part * of / whole rounded half-up to the cent (the part of `of` that `part` of `whole` stands for)."""
    return (2 * part * of + whole) // (2 * whole)


def redact(key: str) -> str:
    return f"{key[:8]}{'*' * max(0, len(key) - 12)}{key[-4:]}"


def embedded_list(url: str) -> dict[str, Any]:
    return {"object": "list", "data": [], "has_more": False, "total_count": 0, "url": url}


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


def missing(param: str) -> StripeError:
    return StripeError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def no_such(kind: str, ident: str, param: str, status: int = 404) -> StripeError:
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


def with_ints(params: dict[str, Any]) -> dict[str, Any]:
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


# --- parameters -----------------------------------------------------------------------------------------------

def api_key(authorization: str) -> str:
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
        raise StripeError(401, f"Invalid API Key provided: {redact(key)}")
    return key


_KNOWN: dict[str, frozenset[str]] = {}
EXPANDABLE: dict[str, frozenset[str]] = {  # the fields `expand` may name, per object; ids the fake stores expand
    "payment_intent": frozenset({"latest_charge", "customer", "payment_method"}),
    "charge": frozenset({"payment_intent", "balance_transaction", "transfer", "application_fee", "destination"}),
    "refund": frozenset({"charge", "payment_intent", "balance_transaction", "transfer_reversal",
                         "failure_balance_transaction"}),
    "dispute": frozenset({"charge", "payment_intent"}),
    "transfer": frozenset({"destination", "source_transaction", "balance_transaction"}),
    "transfer_reversal": frozenset({"transfer", "balance_transaction", "source_refund"}),
    "application_fee": frozenset({"account", "charge", "balance_transaction"}),
    "fee_refund": frozenset({"fee", "balance_transaction"}),
    "balance_transaction": frozenset({"source"}),
    "payout": frozenset({"balance_transaction"}),
    "account": frozenset(), "account_link": frozenset(),
}


def _allowed(params_class: str) -> frozenset[str]:
    """Top-level parameter names of an endpoint, read from the SDK's TypedDict for it."""
    import stripe.params

    annotations: dict[str, Any] = {}
    for klass in reversed(getattr(stripe.params, params_class).__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    return frozenset(annotations) - _NOT_PARAMS | {"expand"}


def expand_list(params: dict[str, Any]) -> list[str]:
    expand = params.get("expand", [])
    return [expand] if isinstance(expand, str) else list(expand)


def check_known(params: dict[str, Any], params_class: str, kind: str, *, listing: bool = False) -> None:
    """Refuse unknown top-level parameters and unexpandable `expand` entries before anything changes.
    A list endpoint expands its items' fields as `data.<field>`."""
    if params_class not in _KNOWN:
        _KNOWN[params_class] = _allowed(params_class)
    for name in params:
        if name not in _KNOWN[params_class]:
            raise StripeError(400, f"Received unknown parameter: {name}", code="parameter_unknown", param=name)
    for i, name in enumerate(expand_list(params)):
        field_name = name.removeprefix("data.") if listing and name.startswith("data.") else None
        if (field_name if listing else name) not in EXPANDABLE[kind]:
            raise StripeError(400, f"This property cannot be expanded ({name}).", param=f"expand[{i}]")


def int_param(params: dict[str, Any], name: str, *, required: bool, label: str | None = None) -> int | None:
    value = params.get(name)
    name = label or name
    if value is None:
        if required:
            raise missing(name)
        return None
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise StripeError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=name)
    if int(value) < 0:
        raise StripeError(400, "This value must be greater than or equal to 0.", code="parameter_invalid_integer",
                          param=name)
    return int(value)


def positive_amount(params: dict[str, Any], *, required: bool) -> int | None:
    amount = int_param(params, "amount", required=required)
    if amount is not None and amount <= 0:
        raise StripeError(400, "Invalid positive integer", code="parameter_invalid_integer", param="amount")
    return amount


def currency_param(params: dict[str, Any]) -> str:
    value = params.get("currency")
    if value is None:
        raise missing("currency")
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value):
        raise StripeError(400, f"Invalid currency: {str(value).lower()}. Stripe currently supports these currencies: "
                               "usd, eur, gbp, ... (see https://stripe.com/docs/currencies)",
                          code="parameter_invalid_string", param="currency")
    return value.lower()


def metadata_param(params: dict[str, Any]) -> dict[str, str]:
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


# --- lists ----------------------------------------------------------------------------------------------------

def range_filter(params: dict[str, Any], name: str) -> Callable[[int], bool]:
    """`created=<ts>` or `created[gte|gt|lte|lt]=<ts>` (form-encoded as created[gte]=...) as a test of a timestamp."""
    value = params.get(name)
    if value is None:
        return lambda ts: True
    if not isinstance(value, dict):
        exact = int_param(params, name, required=True)
        return lambda ts: ts == exact
    tests = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
    bounds = []
    for op, bound in value.items():
        if op not in tests:
            raise StripeError(400, f"Received unknown parameter: {name}[{op}]", code="parameter_unknown",
                              param=f"{name}[{op}]")
        bounds.append((tests[op], int_param(value, op, required=True, label=f"{name}[{op}]")))
    return lambda ts: all(test(ts, b) for test, b in bounds)


def newest_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stripe lists newest first; objects created in the same second keep their creation order (newest first)."""
    return sorted(reversed(items), key=lambda o: o["created"], reverse=True)


def page(items: list[dict[str, Any]], params: dict[str, Any], url: str, kind: str,
         render: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """One page of a list (items already filtered, in any order): limit (default 10, 1..100),
    starting_after / ending_before cursors, has_more, like Stripe's list endpoints."""
    limit = int_param(params, "limit", required=False)
    if limit is None:
        limit = 10
    if not 1 <= limit <= 100:
        raise StripeError(400, "Invalid limit: must be between 1 and 100", param="limit")
    ordered = newest_first(items)
    ids = [o["id"] for o in ordered]
    after, before = params.get("starting_after"), params.get("ending_before")
    if after is not None and before is not None:
        raise StripeError(400, "You may only specify one of these parameters: ending_before, starting_after.")
    for cursor, name in ((after, "starting_after"), (before, "ending_before")):
        if cursor is not None and cursor not in ids:
            raise no_such(kind, cursor, name, status=400)
    if before is not None:
        earlier = ordered[:ids.index(before)]
        data, has_more = earlier[-limit:], len(earlier) > limit
    else:
        rest = ordered[ids.index(after) + 1:] if after is not None else ordered
        data, has_more = rest[:limit], len(rest) > limit
    return {"object": "list", "data": [render(o) for o in data], "has_more": has_more, "url": url}
