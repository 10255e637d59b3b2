"""Time as a task thread sees it, on the virtual clock (with task_runner.py's parked time.sleep).

- `time.monotonic()` in a task thread is the virtual clock's epoch seconds: a poke-mode sensor measures
  its run duration (BaseSensorOperator.execute) and hashes its exponential backoff with it.
- `execution_timeout` is Airflow's SIGALRM `timeout` context manager, which cannot fire in a thread
  parked on the virtual clock: here it records a deadline, and a sleep reaching past it parks until the
  deadline and raises AirflowTaskTimeout there, as the alarm would.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta
from typing import Any

_real_monotonic = time.monotonic
_local = threading.local()


def in_task_thread() -> bool:
    return threading.current_thread().name.startswith("wt-task-")


def _virtual_monotonic() -> float:
    if not in_task_thread():
        return _real_monotonic()
    from airflow.utils import timezone

    return timezone.utcnow().timestamp()


def deadline() -> datetime | None:
    return getattr(_local, "deadline", None)


class VirtualTimeout:
    """airflow.sdk.execution_time.timeout.timeout on the virtual clock (see the module docstring)."""

    def __init__(self, seconds: float = 1, error_message: str = "Timeout") -> None:
        self.seconds = seconds
        self.error_message = error_message

    def __enter__(self) -> VirtualTimeout:
        from airflow.utils import timezone

        self._outer = deadline()
        _local.deadline = timezone.utcnow() + timedelta(seconds=float(self.seconds))
        return self

    def __exit__(self, *exc: Any) -> None:
        _local.deadline = self._outer


def timed_out() -> BaseException:
    """What the alarm handler raises: TimeoutPosix's message names the worker's PID."""
    try:
        from airflow.sdk.exceptions import AirflowTaskTimeout
    except ImportError:  # 3.0
        from airflow.exceptions import AirflowTaskTimeout

    return AirflowTaskTimeout(f"Timeout, PID: {os.getpid()}")


def install() -> None:
    import importlib

    time.monotonic = _virtual_monotonic
    # 3.0's task runner imports the context manager from airflow.utils.timeout, later ones from the SDK.
    for name in ("airflow.sdk.execution_time.timeout", "airflow.utils.timeout"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.timeout = VirtualTimeout  # type: ignore[attr-defined]
