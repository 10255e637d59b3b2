"""The spare-clone pool: every fresh() gives a new clone of the template under the same name."""

from collections.abc import Iterator

import pytest

from windtunnel_oracle.common.database import admin_connection, database_exists, drop_database
from windtunnel_oracle.common.database_pool import DatabasePool, drop_stale_databases

TEMPLATE = "wt_test_pool_template"
NAME = "wt_test_pool"


def _query(database: str, sql: str) -> object:
    with admin_connection(database) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


@pytest.fixture()
def pool() -> Iterator[DatabasePool]:
    for name in (TEMPLATE, NAME, f"{NAME}_spare"):
        drop_database(name)
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{TEMPLATE}"')
    with admin_connection(TEMPLATE) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE marks (n int)")
    p = DatabasePool(TEMPLATE, NAME)
    yield p
    p.close()
    for name in (TEMPLATE, NAME, *(f"{NAME}_used{i}" for i in range(1, 4))):
        drop_database(name)


def test_each_fresh_database_is_a_new_clone_with_the_virtual_clock(pool: DatabasePool) -> None:
    pool.fresh()  # first: cloned on the spot, a spare started in the background
    with admin_connection(NAME) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO marks VALUES (1)")
    pool.fresh()  # second: the spare renamed into place
    assert _query(NAME, "SELECT count(*) FROM marks") == 0
    assert _query(NAME, "SHOW synchronous_commit") == "off"
    assert _query(NAME, "SELECT count(*) FROM public.wt_clock") == 1
    pool.fresh()
    pool._wait()
    assert not database_exists(f"{NAME}_used1") and not database_exists(f"{NAME}_used2")
    assert database_exists(f"{NAME}_spare")


def test_clones_of_a_dead_process_are_dropped() -> None:
    dead = "wt_run_999999999_spare"  # above any pid_max
    drop_database(dead)
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{dead}"')
    assert dead in drop_stale_databases()
    assert not database_exists(dead)
