"""PostgreSQL databases for the oracle: one migrated template per profile, a fresh clone per scenario.

The server and role come from WINDTUNNEL_ORACLE_PG (default: the role `npm run oracle:setup` makes).
Cloning with CREATE DATABASE ... TEMPLATE copies files, so a scenario starts from a migrated schema in a
fraction of a second instead of `airflow db migrate`'s ~10 s.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import psycopg2

DEFAULT_SERVER = "postgresql://windtunnel:windtunnel@127.0.0.1:5432"
SETUP_HINT = "run `npm run oracle:setup`"


class DatabaseError(Exception):
    """The PostgreSQL server or a template database is not usable."""


def server_url() -> str:
    return os.environ.get("WINDTUNNEL_ORACLE_PG", DEFAULT_SERVER).rstrip("/")


def template_name(profile: str) -> str:
    return "wt_template_" + re.sub(r"[^0-9a-z]", "_", profile.lower())


def sqlalchemy_url(database: str) -> str:
    """The URL Airflow uses (psycopg2 driver) for a database on the oracle's server."""
    return server_url().replace("postgresql://", "postgresql+psycopg2://", 1) + "/" + database


@contextmanager
def admin_connection(database: str = "postgres") -> Iterator[Any]:
    parts = urlsplit(server_url())
    try:
        conn = psycopg2.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname=database,
            connect_timeout=10,
        )
    except psycopg2.OperationalError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DatabaseError(f"PostgreSQL at {parts.hostname}:{parts.port}: {first} ({SETUP_HINT})") from err
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def database_exists(name: str) -> bool:
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return cur.fetchone() is not None


def drop_database(name: str) -> None:
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clone_template(template: str, name: str) -> None:
    """A fresh database `name` from `template` (dropped first if it exists)."""
    if not database_exists(template):
        raise DatabaseError(f"template database {template} is missing ({SETUP_HINT})")
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
