"""Print the service's OpenAPI document (the one served at /docs/openapi.json) without starting it or
connecting to anything: `python -m scripts.openapi_document > openapi.json`. The mobile app's
`npm run gen:api` generates its typed client from this output, and
tests/mobile/test_generated_client.py fails when the committed client is stale against it."""
from __future__ import annotations

import argparse
import json
import sys
import uuid

from sanic import Sanic

from api.core.openapi_document import build_document
from api.core.settings import Settings
from sanic_app import create_app


def document() -> dict:
    """The document of an app built here (the routes and handlers' notes are all it depends on)."""
    Sanic.test_mode = True  # several apps may be built in one process
    settings = Settings.from_values(environment="test", database_url="postgresql://unused/none",
                                    redis_url="", secret_key="x" * 32)
    app = create_app(settings=settings, name=f"openapi_{uuid.uuid4().hex[:8]}")
    app.router.finalize()  # as the server does before its first request
    config = app.config
    return build_document(app, title=config.API_TITLE, version=config.API_VERSION,
                          description=config.API_DESCRIPTION)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)  # no options: --help prints this
    json.dump(document(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
