"""Request validation with pydantic: one error message per request naming each bad field, 422
(400 for a body that is not JSON); the models are noted for the OpenAPI document (api/core/openapi.py)."""
from __future__ import annotations

from functools import update_wrapper
from typing import Callable, get_args

import orjson
import pydantic
from pydantic import ConfigDict, Field, create_model, model_validator

from api.core.errors import BadRequest, Unprocessable
from api.core.openapi import notes


def describe(exc: pydantic.ValidationError) -> str:
    """'role: must be renter or owner; password: String should have at least 8 characters'"""
    parts = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(p) for p in error["loc"] if p != "[key]")
        message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
        parts.append(f"{field}: {message}" if field else message)  # whole-request rules name their fields
    return "; ".join(parts)


def rewrap(inner: Callable, outer: Callable) -> Callable:
    """functools.wraps for handlers: the OpenAPI notes (in the function's __dict__) come along, so
    decorators can be stacked in any order."""
    return update_wrapper(outer, inner)


def nul_field(value, path: tuple = ()) -> str | None:
    """The path of the first text (or key) holding a NUL character, which PostgreSQL cannot store."""
    if isinstance(value, str):
        return ".".join(map(str, path)) or "value" if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return ".".join(map(str, path)) or "body"
        found = nul_field(item, (*path, key))
        if found:
            return found
    return None


def refuse_nul(value) -> None:
    field = nul_field(value)
    if field:
        raise Unprocessable(f"{field}: must not contain NUL characters", code="validation")


def json_body(model: type[pydantic.BaseModel]):
    """Parse and validate the JSON body into `model`, passed to the handler as `body`. Strict: a JSON
    true is not a number, nor is "100"; text may not hold NUL characters."""
    def decorator(handler):
        async def wrapper(request, *args, **kwargs):
            raw = request.body or b""
            if b"\\u0000" in raw:  # the JSON escape of NUL: find which field holds it
                try:
                    refuse_nul(orjson.loads(raw))
                except orjson.JSONDecodeError:
                    pass  # reported as malformed below
            try:
                body = model.model_validate_json(raw, strict=True)
            except pydantic.ValidationError as exc:
                if any(e["type"] == "json_invalid" for e in exc.errors()):
                    raise BadRequest("the request body must be a JSON object", code="malformed_json") from None
                raise Unprocessable(describe(exc)) from None
            return await handler(request, *args, body=body, **kwargs)
        wrapped = rewrap(handler, wrapper)
        found = notes(wrapped)
        found["body"] = model
        found["errors"].update((400, 422))
        return wrapped
    return decorator


def parse_query(model: type[pydantic.BaseModel], request) -> pydantic.BaseModel:
    """The query string validated into `model` (422 naming each bad parameter). A parameter given
    empty (`?city=`) is validated as the empty text, not taken as absent."""
    args = request.get_args(keep_blank_values=True)
    repeated = sorted(key for key, values in args.items() if len(values) > 1)
    if repeated:
        raise Unprocessable(f"{repeated[0]}: give it once", code="repeated_parameter")
    raw = {key: values[0] for key, values in args.items()}
    refuse_nul(raw)
    try:
        return model.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise Unprocessable(describe(exc)) from None


def document_query(model: type[pydantic.BaseModel]):
    """Note the model's fields as the operation's query parameters (and the 422 they can cause)."""
    def decorator(handler):
        found = notes(handler)
        found["query"] = model
        found["errors"].add(422)
        return handler
    return decorator


def query_args(model: type[pydantic.BaseModel]):
    """Validate the query string into `model`, passed to the handler as `query`."""
    def decorator(handler):
        async def wrapper(request, *args, **kwargs):
            return await handler(request, *args, query=parse_query(model, request), **kwargs)
        return document_query(model)(rewrap(handler, wrapper))
    return decorator


def patch_model(model: type[pydantic.BaseModel], name: str, *, never_null: frozenset[str] | set[str] = frozenset(),
                examples: list[dict] | None = None) -> type[pydantic.BaseModel]:
    """The body of a PATCH derived from the full model: every field optional (only those sent change),
    each with the full model's checks; an explicit null only for fields the full model lets be null
    (and not in `never_null`)."""
    fields, not_null = {}, set(never_null)
    for field_name, info in model.model_fields.items():
        if type(None) not in get_args(info.annotation):
            not_null.add(field_name)
        fields[field_name] = (info.rebuild_annotation() | None, Field(default=None, description=info.description))

    def no_null_for_required(self):
        for field_name in sorted(self.model_fields_set & not_null):
            if getattr(self, field_name) is None:
                raise ValueError(f"{field_name} cannot be null")
        return self

    config = ConfigDict(extra="forbid", json_schema_extra={"examples": examples} if examples else None)
    return create_model(name, __config__=config, __module__=model.__module__,
                        __validators__={"no_null_for_required": model_validator(mode="after")(no_null_for_required)},
                        **fields)
