"""A try's task process as a thread that runs only when the driver hands it the (virtual) clock.

The task's own `time.sleep(s)` (the work stand-in's duration, TriggerDagRunOperator's poke interval) parks
the thread until the driver reaches now + s; exactly one thread runs at a time, so a replay stays
deterministic. `terminate()` raises AirflowTaskTerminated in a parked try, as the SIGTERM that
LocalTaskJob sends when the try's state was changed from outside would (2.11.2 exceptions.py).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.exceptions import AirflowTaskTerminated

_local = threading.local()


def patched_sleep(seconds: float) -> None:
    """time.sleep for the whole replay: parks a try's thread; a no-op elsewhere."""
    current: TryThread | None = getattr(_local, "thread", None)
    if current is not None:
        current.park(seconds)


@contextlib.contextmanager
def thread_task_session(session: Any) -> Iterator[None]:
    """Per-thread stand-in for airflow.utils.task_instance_session.set_current_task_instance_session:
    Airflow keeps one module-global session because each try is its own process; here tries are threads."""
    _local.session = session
    try:
        yield
    finally:
        _local.session = None


def thread_current_session() -> Any:
    from airflow import settings

    session = getattr(_local, "session", None)
    return session if session is not None else settings.Session()


class TryThread:
    def __init__(self, name: str, body: Callable[[], None]) -> None:
        self.body = body
        self.wake: datetime | None = None
        self.done = False
        self.failure: BaseException | None = None
        self._terminate = False
        self._go = threading.Event()
        self._parked = threading.Event()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)

    def _main(self) -> None:
        _local.thread = self
        self._go.wait()
        self._go.clear()
        try:
            self.body()
        except BaseException as err:  # reported to the driver, never lost in the thread
            self.failure = err
        finally:
            self.done = True
            self.wake = None
            self._parked.set()

    def park(self, seconds: float) -> None:
        # A sleeping task holds no transaction: an open one would keep key-share locks that make the
        # scheduler's `FOR UPDATE SKIP LOCKED` queries pass over this try's run and task instance.
        session = getattr(_local, "session", None)
        if session is not None:
            session.commit()
        # From the millisecond the try started: after same-instant events (now + k µs) it still ends
        # on the scenario's own instants.
        started = datetime.now(UTC)
        self.wake = started.replace(microsecond=started.microsecond // 1000 * 1000) + timedelta(seconds=seconds)
        self._parked.set()
        self._go.wait()
        self._go.clear()
        if self._terminate:
            self._terminate = False
            raise AirflowTaskTerminated("Task received SIGTERM signal")

    def start(self) -> None:
        """Run until the try sleeps or ends."""
        self._thread.start()
        self._step()

    def resume(self, terminate: bool = False) -> None:
        self._terminate = terminate
        self._step()

    def _step(self) -> None:
        self._parked.clear()
        self._go.set()
        self._parked.wait()
        if self.done:
            self._thread.join()


_real_signal = signal.signal


def main_signal(signum: int, handler: Any) -> Any:
    """signal.signal where Python allows it (the main thread); tries run in threads and get none."""
    if threading.current_thread() is threading.main_thread():
        return _real_signal(signum, handler)
    return None


def process_patches() -> list[tuple[Any, str, Any]]:
    """What a try has to itself as a process, made per thread for the length of a replay."""
    import airflow.models.mappedoperator
    import airflow.models.taskinstance

    return [
        (time, "sleep", patched_sleep),
        (signal, "signal", main_signal),
        (airflow.models.taskinstance, "set_current_task_instance_session", thread_task_session),
        (airflow.models.mappedoperator, "get_current_task_instance_session", thread_current_session),
    ]
