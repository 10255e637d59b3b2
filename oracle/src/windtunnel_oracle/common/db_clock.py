"""The database's own now() following the virtual clock.

Three of Airflow's scheduler queries compare with SQL `now()` (DagModel.dags_needing_dagruns and the
two DagRun queries that pick runs by run_after; checked in 3.0.6, 3.1.8, 3.2.2, 3.3.2), which freezing
Python's clock does not reach. Each scenario database gets a one-row table `wt_clock` and a function
`public.now()` reading it, and the database's search_path puts `public` before `pg_catalog`, so an
unqualified `now()` in any session resolves to ours. Column defaults compiled earlier keep the real
pg_catalog.now() (they are bound by OID), which is why the function is added after the migration.
"""

from __future__ import annotations

from datetime import datetime

from .database import admin_connection

INSTALL_SQL = """
CREATE TABLE IF NOT EXISTS public.wt_clock (t timestamptz NOT NULL);
INSERT INTO public.wt_clock (t) SELECT %(t)s WHERE NOT EXISTS (SELECT 1 FROM public.wt_clock);
CREATE OR REPLACE FUNCTION public.now() RETURNS timestamptz
    LANGUAGE sql STABLE AS $$ SELECT t FROM public.wt_clock LIMIT 1 $$;
"""


def install_virtual_now(database: str, start: datetime) -> None:
    with admin_connection(database) as conn, conn.cursor() as cur:
        cur.execute(INSTALL_SQL, {"t": start})
        cur.execute(f'ALTER DATABASE "{database}" SET search_path = public, pg_catalog')


class DatabaseClock:
    """Moves the database's now() (one autocommit connection kept open per scenario)."""

    def __init__(self, database: str) -> None:
        self._cm = admin_connection(database)
        self._conn = self._cm.__enter__()

    def set(self, instant: datetime) -> None:
        with self._conn.cursor() as cur:
            cur.execute("UPDATE public.wt_clock SET t = %s", (instant,))

    def read_now(self) -> datetime:
        """now() as a new session sees it (used by the tests)."""
        with self._conn.cursor() as cur:
            cur.execute("SELECT now()")
            row = cur.fetchone()
        return row[0]

    def close(self) -> None:
        self._cm.__exit__(None, None, None)
