"""What each handler answers, noted where the handler is written, for the OpenAPI document
(api/core/openapi_document.py builds it from these notes and the pydantic models).

    @bp.get("/<spot_id:uuid>")
    @responds(SpotOut, errors=(404,), headers=("X-Cache",))
    async def get_spot(request, spot_id): ...

`json_body`, `query_args` and `authenticated` add their own notes (request body, query parameters,
security, and the 400/401/403/422 they can answer). Every operation may answer 503 when the
database is unreachable. The notes live on the handler function and follow it through
functools.wraps, so decorators stack in any order.
"""
from __future__ import annotations

from typing import Any

NOTES = "__openapi__"

# Response headers clients read, documented once.
HEADERS: dict[str, dict] = {
    "X-Total-Count": {"description": "How many items match in all pages.", "schema": {"type": "integer", "minimum": 0}},
    "X-Cache": {"description": "Whether the answer came from the cache.", "schema": {"type": "string", "enum": ["hit", "miss"]}},
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 1}},
    "Idempotent-Replayed": {"description": "Present (true) when this is the stored answer to an earlier request "
                                           "with the same Idempotency-Key.", "schema": {"type": "string", "enum": ["true"]}},
    "Cache-Control": {"description": "How long the answer may be cached: no-store for tokens, public for the client configuration.", "schema": {"type": "string"}},
}


def notes(handler) -> dict[str, Any]:
    """The handler's OpenAPI notes (created empty on first use)."""
    found = handler.__dict__.get(NOTES)
    if found is None:
        found = handler.__dict__[NOTES] = {"errors": set(), "parameters": []}
    return found


def responds(model: Any = None, *, status: int = 200, errors: tuple[int, ...] = (), headers: tuple[str, ...] = (),
             description: str | None = None, error_shapes: dict[int, Any] | None = None,
             media_type: str = "application/json"):
    """The success answer: `model` is a pydantic model, `list[Model]`, or None for an empty body;
    `errors` the statuses the handler itself can answer besides those its decorators note (each
    answered as {"detail", "code"} unless `error_shapes` names another model for it); `media_type`
    the success answer's content type when it is not JSON (its model then a RootModel[str])."""
    unknown = set(headers) - HEADERS.keys()
    if unknown:
        raise ValueError(f"undocumented headers {sorted(unknown)}: add them to HEADERS")

    def decorator(handler):
        found = notes(handler)
        found["success"] = (status, model, headers, description)
        found["errors"].update(errors)
        found["error_shapes"] = dict(error_shapes or {})
        found["media_type"] = media_type
        found["errors"].update(found["error_shapes"])
        return handler
    return decorator


def optional_bearer(handler):
    """The operation works anonymously, and knows the caller when given a valid access token."""
    found = notes(handler)
    found["security"] = "optional"
    found["errors"].add(401)
    return handler


def header_parameter(name: str, description: str, schema: dict | None = None):
    """A request header the operation reads (e.g. Idempotency-Key)."""
    def decorator(handler):
        notes(handler)["parameters"].append({"name": name, "in": "header", "required": False,
                                             "description": description, "schema": schema or {"type": "string"}})
        return handler
    return decorator


def websocket(description: str, *, client: tuple = (), server: tuple = ()):
    """A WebSocket route: no HTTP operation. The document describes it in the text of its tag
    (`description`, markdown) and lists its messages as component schemas: `client` (pydantic models
    of what clients send, as validated) and `server` (what the server sends, as serialized)."""
    def decorator(handler):
        notes(handler)["websocket"] = {"description": description, "client": tuple(client), "server": tuple(server)}
        return handler
    return decorator
