"""A fresh scenario database without waiting for CREATE/DROP DATABASE: one spare clone made in the background.

DROP DATABASE forces a checkpoint (1-5 s on a busy machine) and CREATE DATABASE ... TEMPLATE copies the
template; neither has to sit on a replay's path. The database Airflow's engine points at keeps its name
(so the engine and its URL are reused): at a swap the used database is renamed away, the spare renamed
into its place, and the used one dropped while the next spare is cloned, both in a background thread.

Every clone reads the virtual now() (`db_clock`) and commits without waiting for the WAL flush
(synchronous_commit = off: what a crash could lose, which never matters here; what sessions see is the same).
"""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, datetime

from .database import DatabaseError, admin_connection, clone_template
from .db_clock import install_virtual_now

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_OWNED = re.compile(r"^wt_run_(\d+)(_spare|_used\d+)?$")


def prepare_clone(name: str) -> None:
    """Settings every scenario database gets (kept by a rename: they belong to the database)."""
    install_virtual_now(name, _EPOCH)
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_stale_databases() -> list[str]:
    """Drop wt_run_<pid>* databases whose oracle process is gone (a killed process leaves its clones)."""
    with admin_connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'wt\\_run\\_%'")
        names = [row[0] for row in cur.fetchall()]
    dropped = []
    for name in names:
        match = _OWNED.match(name)
        if match and not _pid_alive(int(match.group(1))):
            with admin_connection() as conn, conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            dropped.append(name)
    return dropped


class DatabasePool:
    """`fresh()` makes database `name` a new clone of `template`, usually by renaming a ready spare."""

    def __init__(self, template: str, name: str) -> None:
        self.template = template
        self.name = name
        self.spare = f"{name}_spare"
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None
        self._used = 0

    def fresh(self) -> None:
        """Call with no session open on `name` (dispose Airflow's engine first)."""
        self._wait()
        # One connection for the checks and the swap: each new one costs a PostgreSQL backend start,
        # 0.1-0.3 s on a loaded machine (measured with cProfile: four of them per scenario before).
        with admin_connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname IN (%s, %s, %s)",
                        (self.template, self.spare, self.name))
            present = {row[0] for row in cur.fetchall()}
            if self.template not in present:
                raise DatabaseError(f"template database {self.template} is missing (run `npm run oracle:setup`)")
            if self._error is None and self.spare in present:
                self._used += 1
                used = f"{self.name}_used{self._used}"
                cur.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s "
                            "AND pid <> pg_backend_pid()", (self.name,))
                if self.name in present:
                    cur.execute(f'ALTER DATABASE "{self.name}" RENAME TO "{used}"')
                cur.execute(f'ALTER DATABASE "{self.spare}" RENAME TO "{self.name}"')
                self._start(used)
                return
        # No spare yet (first scenario, or the background clone failed): clone on the replay's path.
        self._error = None
        clone_template(self.template, self.name)
        prepare_clone(self.name)
        self._start(None)

    def close(self) -> None:
        """Wait for the background work and drop the spare (the last database stays for inspection)."""
        self._wait()
        with admin_connection() as conn, conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{self.spare}" WITH (FORCE)')

    def _wait(self) -> None:
        if self._worker is not None:
            self._worker.join()
            self._worker = None

    def _start(self, used: str | None) -> None:
        self._worker = threading.Thread(target=self._background, args=(used,), daemon=True,
                                        name="wt-database-pool")
        self._worker.start()

    def _background(self, used: str | None) -> None:
        try:
            with admin_connection() as conn, conn.cursor() as cur:
                if used is not None:
                    cur.execute(f'DROP DATABASE IF EXISTS "{used}" WITH (FORCE)')
                cur.execute(f'DROP DATABASE IF EXISTS "{self.spare}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{self.spare}" TEMPLATE "{self.template}"')
            prepare_clone(self.spare)
        except BaseException as err:  # reported by falling back to a synchronous clone at the next fresh()
            self._error = err
