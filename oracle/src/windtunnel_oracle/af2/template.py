"""The migrated template database for profile "2" (`airflow db migrate` of Airflow 2.11, once)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..common.database import DatabaseError, admin_connection, database_exists, sqlalchemy_url, template_name

PROFILE = "2"


def ensure_template() -> str:
    """The template's name, migrating it first if it does not exist yet."""
    name = template_name(PROFILE)
    if database_exists(name):
        return name
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=sqlalchemy_url(name))
    airflow = Path(sys.executable).with_name("airflow")
    done = subprocess.run([str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        with admin_connection() as conn, conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise DatabaseError(f"airflow db migrate for {name} failed: {tail[0]}")
    return name
