"""The database's now() follows the virtual clock, in every new session, as Airflow's queries use it."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from windtunnel_oracle.common.database import admin_connection, drop_database
from windtunnel_oracle.common.db_clock import DatabaseClock, install_virtual_now

DB = "wt_test_db_clock"


@pytest.fixture()
def database() -> Iterator[str]:
    drop_database(DB)
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{DB}"')
    yield DB
    drop_database(DB)


def test_now_follows_the_virtual_clock(database: str) -> None:
    start = datetime(2025, 4, 1, tzinfo=UTC)
    install_virtual_now(database, start)
    clock = DatabaseClock(database)
    try:
        assert clock.read_now() == start
        later = datetime(2025, 4, 2, 12, 0, 0, 1, tzinfo=UTC)
        clock.set(later)
        # A separate session (as Airflow's scheduler opens) sees it too, through unqualified now().
        with admin_connection(database) as conn, conn.cursor() as cur:
            cur.execute("SELECT now(), %s <= now(), %s <= now()",
                        (later, datetime(2025, 4, 2, 12, 0, 0, 2, tzinfo=UTC)))
            assert cur.fetchone() == (later, True, False)
            cur.execute("SHOW search_path")
            assert cur.fetchone() == ("public, pg_catalog",)
    finally:
        clock.close()
