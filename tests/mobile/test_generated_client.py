"""The mobile app's committed client (mobile/openapi.json and the types openapi-typescript made of it,
mobile/src/types/api.d.ts) is the service's current document: regenerated here the same way as
`npm run gen:api`, it must come out byte for byte the same. Node packages: `make deps`."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from scripts import openapi_document

MOBILE = Path(__file__).resolve().parents[2] / "mobile"
BIN = MOBILE / "node_modules" / ".bin"
STALE = "the committed mobile client is stale: run `cd mobile && npm run gen:api` and commit the result"


def _package_json_gen_api() -> str:
    return json.loads((MOBILE / "package.json").read_text())["scripts"]["gen:api"]


def test_the_committed_openapi_document_is_the_services_current_one():
    current = json.dumps(openapi_document.document(), indent=1, ensure_ascii=False) + "\n"
    assert (MOBILE / "openapi.json").read_text() == current, STALE


def test_the_committed_types_are_generated_from_the_current_document(tmp_path):
    assert BIN.is_dir(), "run `make deps` (npm ci in mobile/)"
    # The same flags as `npm run gen:api`: a test that used others would pass on a stale client.
    assert "openapi-typescript openapi.json --default-non-nullable false --output src/types/api.d.ts" \
        in _package_json_gen_api()
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(openapi_document.document(), indent=1, ensure_ascii=False) + "\n")
    done = subprocess.run([str(BIN / "openapi-typescript"), "openapi.json", "--default-non-nullable", "false",
                           "--output", "api.d.ts"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"openapi-typescript:\n{done.stdout}\n{done.stderr}"
    assert (MOBILE / "src" / "types" / "api.d.ts").read_text() == (tmp_path / "api.d.ts").read_text(), STALE
