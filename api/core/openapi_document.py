"""The OpenAPI 3.1 document, built from the routes, the handlers' notes (api/core/openapi.py) and the
pydantic models that validate requests and describe answers, so it cannot drift from the code.
Served at /docs/openapi.json, with Swagger UI at /docs.

WebSocket routes are no HTTP operation: each is described in the text of its domain's tag, with
its messages as component schemas (`@websocket` in api/core/openapi.py).

Written here rather than taken from sanic-ext, whose generator emits OpenAPI 3.0 (which pydantic's
JSON Schema 2020-12 output does not fit) and knows nothing of response models; OpenAPI 3.1 takes
pydantic's schemas as they are.
"""
from __future__ import annotations

import functools
import inspect
import re
from typing import Any, get_args, get_origin

import pydantic
from pydantic.json_schema import models_json_schema
from sanic import Blueprint
from sanic.response import html, raw

from api.core.context import Request
from api.core.json import dumps
from api.core.openapi import HEADERS, NOTES

REF = "#/components/schemas/{model}"
METHODS = ("get", "post", "put", "patch", "delete")
PATH_TYPES = {"uuid": {"type": "string", "format": "uuid"}, "int": {"type": "integer"}, "str": {"type": "string"}}

ERRORS: dict[int, tuple[str, tuple[str, ...]]] = {
    400: ("The request body is not a JSON object.", ()),
    401: ("No valid access token (WWW-Authenticate: Bearer).", ()),
    402: ("The card was declined (detail is the bank's message).", ()),
    403: ("Signed in, but not allowed to do this.", ()),
    404: ("Not found, or not yours to see.", ()),
    409: ("Refused by a rule about the current state (code names the rule).", ()),
    422: ("A field is invalid (detail names it) or a rule refused the values.", ()),
    429: ("Too many attempts; wait Retry-After seconds.", ("Retry-After",)),
    502: ("The payment provider failed; nothing was charged twice.", ()),
    503: ("A service the API needs is unavailable; retry after Retry-After seconds.", ("Retry-After",)),
}


class ErrorOut(pydantic.BaseModel):
    """Every answer that is not a success."""
    model_config = pydantic.ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"detail": "that time is already booked", "code": "bookings_no_overlap"}]})
    detail: str = pydantic.Field(description="What went wrong, for a person; names the field for 422.")
    code: str = pydantic.Field(description="A stable word for programs: the rule or constraint that refused, "
                                           "or validation, not_found, ... (docs/errors.md)")


def _path(route) -> str:
    """Sanic's route path as an OpenAPI template: <spot_id:uuid> -> {spot_id}, <y:ext=mvt> -> {y}.mvt."""
    if not route.path:
        return "/"
    path = re.sub(r"<(\w+):ext=(\w+)>", r"{\1}.\2", route.path)
    return "/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", path).rstrip("/")


def _operations(app) -> list[tuple[str, str, Any, Any]]:
    found = []
    for route in app.router.routes:
        path = _path(route)
        if path.startswith("/docs") or route.extra.websocket:
            continue
        for method in sorted(route.methods):
            if method.lower() in METHODS:
                found.append((path, method.lower(), route, route.handler))
    return sorted(found, key=lambda op: (op[0], METHODS.index(op[1])))


def _sockets(app) -> list[tuple[str, str, dict]]:
    """(path, tag, @websocket notes) of each WebSocket route."""
    found = []
    for route in app.router.routes:
        if not route.extra.websocket:
            continue
        handler = inspect.unwrap(route.handler)  # Sanic wraps the handler in a partial of its own
        handler = handler.args[0] if isinstance(handler, functools.partial) else handler
        socket = handler.__dict__.get(NOTES, {}).get("websocket")
        if socket is not None:
            found.append((_path(route), _tag(handler), socket))
    return sorted(found, key=lambda found_socket: found_socket[0])


def _socket_tag(path: str, tag: str, socket: dict, refs) -> dict:
    def listed(models, mode: str) -> str:
        names = [refs[(model, mode)]["$ref"].rsplit("/", 1)[1] for model in models]
        return ", ".join(f"[{name}](#/components/schemas/{name})" for name in names)
    return {"name": tag, "description": f"{socket['description']}\n\nWebSocket `{path}`. "
                                        f"Client messages: {listed(socket['client'], 'validation')}. "
                                        f"Server messages: {listed(socket['server'], 'serialization')}."}


def _models(ops, sockets=()) -> list[tuple[type[pydantic.BaseModel], str]]:
    """Every model an operation or a WebSocket names, with the JSON Schema mode it is seen in."""
    wanted = {(ErrorOut, "serialization")}
    for *_, socket in sockets:
        wanted |= {(model, "validation") for model in socket["client"]}
        wanted |= {(model, "serialization") for model in socket["server"]}
    for *_, handler in ops:
        notes = handler.__dict__.get(NOTES, {})
        wanted |= {(model, "serialization") for model in notes.get("error_shapes", {}).values()}
        for key in ("body", "query"):
            if notes.get(key):
                wanted.add((notes[key], "validation"))
        model = notes.get("success", (None, None))[1]
        model = get_args(model)[0] if get_origin(model) is list else model
        if model is not None:
            wanted.add((model, "serialization"))
    return sorted(wanted, key=lambda pair: (pair[0].__module__, pair[0].__name__, pair[1]))


def _content(model, refs, media_type: str = "application/json") -> dict:
    if get_origin(model) is list:
        schema = {"type": "array", "items": refs[(get_args(model)[0], "serialization")]}
    else:
        schema = refs[(model, "serialization")]
    return {media_type: {"schema": schema}}


def _not_null(schema: dict) -> dict:
    """A query parameter is absent rather than null: drop the null branch pydantic adds to Optional."""
    branches = [s for s in schema.get("anyOf", ()) if s != {"type": "null"}]
    if len(branches) == 1 and "anyOf" in schema:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return {**branches[0], **rest}
    return schema


def _query_parameters(model: type[pydantic.BaseModel]) -> list[dict]:
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", ()))
    params = []
    for name, prop in schema["properties"].items():
        prop = _not_null(dict(prop))
        if prop.get("default", 0) is None:
            del prop["default"]
        description = prop.pop("description", None) or ""
        prop.pop("title", None)
        params.append({"name": name, "in": "query", "required": name in required, "schema": prop,
                       **({"description": description} if description else {})})
    return params


def _headers(names) -> dict:
    return {name: HEADERS[name] for name in names}


def _tag(handler) -> str:
    """The domain package the handler lives in (api.spots.listings -> spots)."""
    parts = handler.__module__.split(".")
    return parts[1] if parts[0] == "api" and len(parts) > 2 else parts[0]


def _operation(path: str, method: str, route, handler, refs) -> dict:
    notes = handler.__dict__.get(NOTES, {"errors": set(), "parameters": []})
    doc = " ".join((inspect.getdoc(handler) or "").split())
    summary = re.split(r"(?<=[.;:!?])\s|\s\(", doc, maxsplit=1)[0].rstrip(".;:") if doc else route.name
    operation: dict[str, Any] = {
        "operationId": route.name.split(".", 1)[-1].replace(".", "_") + ("" if len(route.methods) == 1 else f"_{method}"),
        "summary": summary, "tags": [_tag(handler)],
    }
    if doc and doc != summary:
        operation["description"] = doc
    params = [{"name": p.name, "in": "path", "required": True, "schema": PATH_TYPES.get(p.label, {"type": "string"})}
              for p in route.params.values()]
    if notes.get("query"):
        params += _query_parameters(notes["query"])
    params += notes.get("parameters", [])
    if params:
        operation["parameters"] = params
    if notes.get("body"):
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": refs[(notes["body"], "validation")]}}}
    if notes.get("security") == "required":
        operation["security"] = [{"bearer": []}]
    elif notes.get("security") == "optional":
        operation["security"] = [{}, {"bearer": []}]
    status, model, headers, answer = notes.get("success", (200, None, (), None))
    success: dict[str, Any] = {"description": answer or ("No content." if model is None else "Success.")}
    if model is not None:
        success["content"] = _content(model, refs, notes.get("media_type", "application/json"))
    if headers:
        success["headers"] = _headers(headers)
    responses = {str(status): success}
    errors = set(notes["errors"]) | ({404} if route.params else set()) | ({503} if path != "/health" else set())
    for code in sorted(errors):
        text, error_headers = ERRORS[code]
        shape = notes.get("error_shapes", {}).get(code, ErrorOut)
        responses[str(code)] = {"description": text, "content": {"application/json": {"schema": refs[(shape, "serialization")]}},
                                **({"headers": _headers(error_headers)} if error_headers else {})}
    operation["responses"] = responses
    return operation


def build_document(app, *, title: str, version: str, description: str) -> dict:
    ops, sockets = _operations(app), _sockets(app)
    refs, schemas = models_json_schema(_models(ops, sockets), ref_template=REF)
    paths: dict[str, dict] = {}
    for path, method, route, handler in ops:
        paths.setdefault(path, {})[method] = _operation(path, method, route, handler, refs)
    tags = [_socket_tag(path, tag, socket, refs) for path, tag, socket in sockets]
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": "/"}],
        **({"tags": tags} if tags else {}),
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                           "description": "the access_token from /api/v1/auth/login"}},
        },
    }


SWAGGER_UI = """<!doctype html>
<html><head><meta charset="utf-8"><title>ParkingSpots API</title>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "/docs/openapi.json", dom_id: "#ui"});</script>
</body></html>"""

bp = Blueprint("openapi", url_prefix="/docs")


@bp.get("/openapi.json")
async def openapi_json(request: Request):
    """This document."""
    app = request.app
    if app.ctx.openapi is None:
        config = app.config
        app.ctx.openapi = dumps(build_document(app, title=config.API_TITLE, version=config.API_VERSION,
                                               description=config.API_DESCRIPTION))
    return raw(app.ctx.openapi, content_type="application/json")


@bp.get("/")
async def swagger_ui(request: Request):
    """The document in Swagger UI."""
    return html(SWAGGER_UI)
