"""The mobile app's own checks, so that `make test` runs them: the TypeScript compiler (strict),
eslint with the Expo config (no `any`, no warnings) and the jest unit tests (stores, the refresh
queue, the real-time transport). Each runs in mobile/ and fails with its output."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

MOBILE = Path(__file__).resolve().parents[2] / "mobile"
BIN = MOBILE / "node_modules" / ".bin"


def _run(*command: str, timeout: int = 300) -> None:
    assert BIN.is_dir(), "run `make deps` (npm ci in mobile/)"
    environment = {**os.environ, "CI": "1", "FORCE_COLOR": "0", "EXPO_OFFLINE": "1"}
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=MOBILE, env=environment,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} (in mobile/):\n{done.stdout}\n{done.stderr}"


def test_typescript_compiles_strict():
    _run("tsc", "--noEmit")


def test_the_browser_journeys_typecheck():
    _run("tsc", "--noEmit", "-p", "e2e/tsconfig.json")


def test_lint():
    _run("eslint", ".", "--max-warnings", "0")


def test_jest_unit_tests():
    _run("jest", "--ci")


def test_the_phone_bundles_build(tmp_path):
    """Metro bundles the app for Android and iOS (Hermes bytecode) as it would for a native build:
    no web-only module reaches the phones' code and the native modules (maps, Stripe, secure store)
    resolve. The native builds themselves need the Android SDK or Xcode, which CI does not have."""
    for platform in ("android", "ios"):
        _run("expo", "export", "--platform", platform, "--output-dir", str(tmp_path / platform), timeout=600)
        bundles = list((tmp_path / platform / "_expo" / "static" / "js" / platform).glob("*.hbc"))
        assert bundles and bundles[0].stat().st_size > 1_000_000, f"no {platform} bundle"
