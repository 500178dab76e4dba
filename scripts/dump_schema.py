"""Rewrite db/schema.sql from a fresh, throwaway cluster migrated from migrations/ with the rules of
db/rules applied (`make schema`).

Dumping a scratch database (rather than the dev one) keeps the file free of anything a developer
changed by hand; tests/db/test_schema.py fails when the committed file is stale.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from scripts import local_services
from scripts.migrate import SCHEMA_FILE, migrate

DB_NAME = "parkingspots"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)  # no options: --help prints this and changes nothing
    base = Path(tempfile.mkdtemp(prefix="parkingspots-schema-"))
    base.chmod(0o755)
    try:
        url = local_services.start_postgres(base / "pg", local_services.free_port(), DB_NAME, throwaway=True)
        migrate(url, dump_schema=True)
        print(f"wrote {SCHEMA_FILE.relative_to(Path.cwd()) if SCHEMA_FILE.is_relative_to(Path.cwd()) else SCHEMA_FILE}")
    finally:
        local_services.stop_postgres(base / "pg")
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
