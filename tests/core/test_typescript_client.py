"""A TypeScript client generated from the OpenAPI document with openapi-typescript type-checks a
usage file (tests/typescript/usage.ts) in which every answer is typed: a client of the mobile app's
kind can be generated from the document. The node packages come from `make deps` (npm ci)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

TYPESCRIPT = Path(__file__).resolve().parents[1] / "typescript"
BIN = TYPESCRIPT / "node_modules" / ".bin"


def _run(*command: str) -> None:
    done = subprocess.run(command, cwd=TYPESCRIPT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"


async def test_a_generated_typescript_client_types_every_answer(client, tmp_path):
    assert BIN.is_dir(), "run `make deps` (npm ci in tests/typescript)"
    _, response = await client.get("/docs/openapi.json")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(response.json))
    _run(str(BIN / "openapi-typescript"), str(document), "--output", "schema.d.ts",
         "--default-non-nullable", "false")  # a field with a default may be left out of a request
    _run(str(BIN / "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "es2022",
         "--moduleResolution", "bundler", "usage.ts")
