"""Every answer the tests receive is checked against the OpenAPI document (openapi-core): its status
must be documented for that operation, and its JSON body and documented headers must match the
schema. tests/conftest.py's AppClient calls `check` after each request; a mismatch fails the test
that made the request, naming the operation."""
from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

from api.core.openapi_document import build_document

_document: dict | None = None
_openapi: OpenAPI | None = None


def document(app) -> dict:
    """The app's OpenAPI document (the same for every app the tests build: built once)."""
    global _document
    if _document is None:
        config = app.config
        _document = build_document(app, title=config.API_TITLE, version=config.API_VERSION,
                                   description=config.API_DESCRIPTION)
    return _document


class _Request:
    def __init__(self, request: httpx.Request):
        url = urlsplit(str(request.url))
        self.host_url, self.path, self.method = f"{url.scheme}://{url.netloc}", url.path, request.method.lower()
        self.parameters = RequestParameters(query=ImmutableMultiDict(parse_qs(url.query)),
                                            header=Headers(dict(request.headers)), cookie=ImmutableMultiDict())
        self.content_type = request.headers.get("content-type", "")
        self.body = request.content


class _Response:
    def __init__(self, response: httpx.Response):
        self.status_code, self.data = response.status_code, response.content
        self.content_type = response.headers.get("content-type", "").split(";")[0]
        self.headers = Headers(dict(response.headers))


def check(app, response: httpx.Response) -> None:
    global _openapi
    if _openapi is None:
        logging.getLogger("openapi_core").setLevel(logging.WARNING)
        _openapi = OpenAPI.from_dict(document(app))
    if response.status_code == 405 or urlsplit(str(response.request.url)).path.startswith("/docs"):
        return  # a method the path does not have, or the document itself
    try:
        _openapi.validate_response(_Request(response.request), _Response(response))
    except (PathNotFound, OperationNotFound):
        return  # a URL that is not an operation (tests of 404s for unknown paths)
    except Exception as exc:
        raise AssertionError(f"{response.request.method} {response.request.url.path} answered "
                             f"{response.status_code} {response.content[:300]!r}, not as documented: "
                             f"{exc!r} {getattr(exc, '__cause__', '')!r}") from None
