"""The WebSocket as documented: every message of docs/realtime.md's session is valid for its schema,
and the OpenAPI document describes the WebSocket (its tag's text) with every message as a component."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.realtime.messages import (
    CLIENT_MESSAGE,
    CLIENT_MODELS,
    SERVER_MESSAGE,
    SERVER_MODELS,
)

PAGE = Path(__file__).resolve().parents[2] / "docs" / "realtime.md"


def test_every_message_of_the_documented_session_is_valid():
    """Server messages match their schema; client messages too, unless the server answers `error`."""
    session = re.search(r"```text\n(.*?)```", PAGE.read_text(), re.DOTALL).group(1)
    lines = [(line[0], json.loads(line[2:])) for line in session.splitlines() if line[:2] in ("> ", "< ")]
    sent = [message for side, message in lines if side == ">"]
    received = [message for side, message in lines if side == "<"]
    for message in received:
        SERVER_MESSAGE.validate_python(message)
    for (side, message), (_, answer) in zip(lines, lines[1:] + [("<", {})]):
        if side == ">" and answer.get("type") == "error":
            with pytest.raises(ValidationError):
                CLIENT_MESSAGE.validate_json(json.dumps(message))
        elif side == ">":
            CLIENT_MESSAGE.validate_python(message)
    shown = {m["type"] for m in sent + received}
    assert shown >= {"auth", "subscribe", "unsubscribe", "ping", "welcome", "authenticated", "subscribed",
                     "pong", "error", "booking_update", "spot_availability", "new_review"}


async def test_the_openapi_document_describes_the_websocket(client):
    _, response = await client.get("/docs/openapi.json")
    spec = response.json
    assert not [path for path in spec["paths"] if path.endswith("/ws")]  # not an HTTP operation
    [tag] = [t for t in spec["tags"] if t["name"] == "realtime"]
    for words in ("/api/v1/ws", "parkingspots.v1", "last_event_id", "4401", "bearer.<access token>"):
        assert words in tag["description"], words
    schemas = spec["components"]["schemas"]
    for model in (*CLIENT_MODELS, *SERVER_MODELS):
        assert model.__name__ in schemas and f"#/components/schemas/{model.__name__}" in tag["description"]
        assert schemas[model.__name__]["properties"]["type"]["const"]
        assert schemas[model.__name__].get("examples"), model.__name__
    assert "/api/v1/ws" in spec["info"]["description"]
