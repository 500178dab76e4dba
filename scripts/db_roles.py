"""The database roles (migrations/20261206150200_create_roles.sql, db/rules/99_privileges.sql) seen
from a connection that may manage them: the URL each role connects with, and their passwords.

    python -m scripts.db_roles url app        # DATABASE_URL for the API (from DATABASE_URL, an admin's)
    python -m scripts.db_roles url analyst    # for psql as an analyst (make psql-analyst)

Passwords come from DB_OWNER_PASSWORD, DB_APP_PASSWORD, DB_CRON_PASSWORD and DB_ANALYST_PASSWORD
when set (Docker, a server); the private cluster and the tests trust local connections instead.
"""
from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

KINDS = ("owner", "app", "cron", "analyst")


def role_name(conn: psycopg.Connection, kind: str) -> str:
    row = conn.execute("select role_name from database_roles where kind = %s", (kind,)).fetchone()
    if row is None:
        raise RuntimeError(f"no {kind} role in database_roles: run the migrations first")
    return row[0]


def password_of(kind: str) -> str | None:
    return os.environ.get(f"DB_{kind.upper()}_PASSWORD") or None


def role_url(admin_url: str, kind: str) -> str:
    """admin_url with the user (and password, when DB_<KIND>_PASSWORD is set) of that role."""
    with psycopg.connect(admin_url) as conn:
        name = role_name(conn, kind)
    parts = urlsplit(admin_url)
    password = password_of(kind)
    credentials = quote(name, safe="") + (f":{quote(password, safe='')}" if password else "")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{credentials}@{host}"))


def set_passwords(admin_url: str) -> list[str]:
    """Give each role the password its DB_<KIND>_PASSWORD holds (roles without one are left as
    they are); returns the kinds changed. Never prints a password."""
    changed = []
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for kind in KINDS:
            password = password_of(kind)
            if password:
                conn.execute(sql.SQL("alter role {} password {}").format(
                    sql.Identifier(role_name(conn, kind)), sql.Literal(password)))
                changed.append(kind)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["url"])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"), help="an admin's URL (default: DATABASE_URL)")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("set DATABASE_URL or pass --url")
    print(role_url(args.url, args.kind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
