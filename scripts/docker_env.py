"""Write the secrets docker-compose.yml needs into .env (git-ignored, read by `docker compose`):

    python3 -m scripts.docker_env            # then: docker compose up --build
    python3 -m scripts.docker_env --print    # show the names it would add (never the values)

Each missing variable gets a fresh random value (URL-safe, so it can stand in a database URL):
SECRET_KEY, POSTGRES_PASSWORD (the database superuser, used by the migrate service only) and the
passwords of the database roles DB_OWNER_PASSWORD, DB_APP_PASSWORD (the API), DB_CRON_PASSWORD and
DB_ANALYST_PASSWORD. Values already in .env are kept: running it again changes nothing, and
changing a password later is yours to do in both places (.env and ALTER ROLE, or the migrate
service, which sets the roles' passwords from .env on every run). The file is made readable by its
owner only. Standard library only: it runs with the system's python3, before any virtualenv.
"""
from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("SECRET_KEY", "POSTGRES_PASSWORD", "DB_OWNER_PASSWORD", "DB_APP_PASSWORD", "DB_CRON_PASSWORD",
         "DB_ANALYST_PASSWORD")


def present_names(text: str) -> set[str]:
    """Names assigned in a .env text (NAME=value lines; comments and blanks ignored)."""
    names = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            names.add(line.split("=", 1)[0].removeprefix("export ").strip())
    return names


def missing(path: Path) -> list[str]:
    have = present_names(path.read_text()) if path.exists() else set()
    return [name for name in NAMES if name not in have]


def write(path: Path) -> list[str]:
    """Append a random value for each missing name; returns the names added."""
    added = missing(path)
    if not added:
        return []
    existing = path.read_text() if path.exists() else ""
    lines = "".join(f"{name}={secrets.token_urlsafe(48 if name == 'SECRET_KEY' else 24)}\n" for name in added)
    header = "" if existing else "# Secrets of docker-compose.yml, made by scripts/docker_env.py. Keep this file out of git.\n"
    separator = "" if not existing or existing.endswith("\n") else "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as env_file:
        env_file.write(separator + header + lines)
    path.chmod(0o600)
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=ROOT / ".env", help="the env file (default: .env at the checkout's root)")
    parser.add_argument("--print", action="store_true", help="only list the names that are missing")
    args = parser.parse_args(argv)
    if args.print:
        names = missing(args.file)
        print(f"{args.file}: " + (f"missing {', '.join(names)}" if names else "complete"))
        return 0
    added = write(args.file)
    print(f"{args.file}: " + (f"added {', '.join(added)}" if added else "complete, nothing changed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
