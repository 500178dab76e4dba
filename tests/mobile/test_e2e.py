"""The app's browser journeys (mobile/e2e/*.spec.ts, Playwright driving Debian's Chromium) against
its web build and the real service: the API (2 workers) on a database of its own with the demo
city, Redis, and the build served by a static server whose origin the API allows (CORS and the
WebSocket's Origin check). Register, find a spot on the map, quote, book; the owner sees the booking
arrive live and cancels it, the renter sees it cancelled live with the refund; check-in/out, review,
the owner's response; the token refresh across an expired access token.

SCREENSHOTS=1 writes a PNG of each screen to docs/screens/ (the committed ones come from such a run).
"""
from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import time
import uuid
from pathlib import Path

from scripts.demo_data import load_demo
from scripts.spa_server import serving
from tests.conftest import clone_template, drop_database
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[2]
MOBILE = ROOT / "mobile"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
DEMO_SPOTS = 400  # San Francisco: enough for a realistic map, loaded in a few seconds
BUILD_SECONDS = 240
PLAYWRIGHT_SECONDS = 600


def _tail(path: Path, lines: int = 80) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def test_browser_journeys(test_services, redis_url, tmp_path):
    assert (MOBILE / "node_modules" / ".bin" / "playwright").exists(), "run `make deps` (npm ci in mobile/)"
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make deps` (apt-get install chromium)"
    timings: dict[str, float] = {}
    started = time.monotonic()
    name = f"e2e_{uuid.uuid4().hex[:12]}"
    database_url = clone_template(test_services, name)
    dist = tmp_path / "dist"
    dist.mkdir()
    secret_key = secrets.token_hex(32)
    try:
        # The demo data goes in before the API starts: loaded under a running API, its thousands of
        # events would all reach the workers at once.
        asyncio.run(load_demo(database_url, spots=DEMO_SPOTS, seed=12))
        timings["demo data"] = time.monotonic() - started
        with serving(dist) as origin, running_server(
                database_url, redis_url, tmp_path / "server.log", SECRET_KEY=secret_key, CORS_ORIGINS=origin,
                ARGON2_TIME_COST="1", ARGON2_MEMORY_KIB="1024",
                GOOGLE_CLIENT_ID="parkingspots-e2e.apps.googleusercontent.com") as api_url:  # Facebook stays off
            timings["api"] = time.monotonic() - started - timings["demo data"]
            # The API's address is inlined into the bundle at build time (build:web starts Metro with
            # --clear: its cache keeps the EXPO_PUBLIC_* values a module was first built with). The
            # build gets a cache of its own (TMPDIR): clearing the shared one could break another
            # build running at the same time.
            build_started = time.monotonic()
            (tmp_path / "metro").mkdir()
            build_log = tmp_path / "build.log"
            with open(build_log, "w") as log:
                done = subprocess.run(
                    ["npm", "run", "build:web", "--", "--output-dir", str(dist)], cwd=MOBILE, stdout=log,
                    stderr=subprocess.STDOUT, timeout=BUILD_SECONDS,
                    env={**os.environ, "EXPO_PUBLIC_API_URL": api_url, "TMPDIR": str(tmp_path / "metro")})
            assert done.returncode == 0, f"npm run build:web:\n{_tail(build_log)}"
            assert api_url.split(":")[-1] in "".join(p.read_text() for p in (dist / "_expo").rglob("*.js")), \
                "the build does not carry this run's API address"
            timings["web build"] = time.monotonic() - build_started

            e2e_started = time.monotonic()
            environment = {**os.environ, "BASE_URL": origin, "API_URL": api_url, "SECRET_KEY": secret_key,
                           "E2E_OUTPUT_DIR": str(tmp_path / "playwright"), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
                           "CI": "1", "FORCE_COLOR": "0"}
            done = subprocess.run([str(MOBILE / "node_modules" / ".bin" / "playwright"), "test"], cwd=MOBILE,
                                  env=environment, capture_output=True, text=True, timeout=PLAYWRIGHT_SECONDS)
            timings["playwright"] = time.monotonic() - e2e_started
            print(f"\nmobile e2e: {', '.join(f'{k} {v:.1f} s' for k, v in timings.items())}")
            assert done.returncode == 0, (f"npx playwright test (in mobile/; traces in {tmp_path / 'playwright'}):\n"
                                          f"{done.stdout}\n{done.stderr}\nAPI log:\n{_tail(tmp_path / 'server.log')}")
    finally:
        drop_database(test_services, name)
