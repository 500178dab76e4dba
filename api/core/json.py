"""JSON encoding for responses: orjson, UTC times as ...Z, numerics as numbers."""
from __future__ import annotations

import uuid
from decimal import Decimal

import orjson


def _default(value):
    if isinstance(value, uuid.UUID):  # asyncpg's own UUID subclass, which orjson does not take natively
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_UTC_Z)
