"""Running a queued task through Airflow's own task runner, in-process, on the virtual clock.

Each try runs Airflow's `InProcessTestSupervisor` (what `dag.test()` uses: the real task runner, talking to
the real Execution API in-process) in a thread of its own. The exported DAG files make a task "work" by
`time.sleep(duration)`; the harness replaces time.sleep so that a task thread parks there until the
virtual clock reaches its end instant. So templates render at the start instant (reading XComs as they
are then), and the return value, the end state and the end date are reported at the end instant, all
by Airflow's code. Only one thread runs at a time: the driver waits for a resumed thread to park or end.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import reschedule_date, virtual_time

_real_sleep = time.sleep
_local = threading.local()
HANDOFF_TIMEOUT_S = 120.0


class TaskRunnerError(Exception):
    pass


class TryAbandoned(BaseException):
    """Raised in a parked task thread when its scenario ended first (not an Exception: no task code catches it)."""


@dataclass
class TaskTry:
    """One try of one task instance, from its start to its end."""

    key: Any
    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    try_number: int
    started_at: datetime
    end_at: datetime | None = None
    done: bool = False
    state: str | None = None
    error: BaseException | None = None
    parked: threading.Event = field(default_factory=threading.Event)
    resume: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    comms: Any = None
    abandoned: bool = False
    # Seconds Windtunnel drew for this try: its first sleep lasts this long instead of the DAG file's draw.
    drawn: float | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (self.end_at, self.dag_id, self.run_id, self.task_id, self.map_index)


def _virtual_sleep(seconds: Any) -> None:
    """time.sleep for task threads: park until the driver's clock reaches now + seconds."""
    run: TaskTry | None = getattr(_local, "run", None)
    if run is None:
        _real_sleep(seconds)
        return
    from airflow.sdk.execution_time import task_runner
    from airflow.utils import timezone

    if run.drawn is not None:
        seconds, run.drawn = run.drawn, None
    # Measured from the millisecond the try started (Windtunnel's resolution): a try started after
    # same-instant events (now + k µs) still ends on the scenario's own instants.
    started = timezone.utcnow()
    run.end_at = started.replace(microsecond=started.microsecond // 1000 * 1000) + timedelta(seconds=float(seconds))
    # execution_timeout (virtual_time.py): a sleep past the deadline ends there with AirflowTaskTimeout.
    limit = virtual_time.deadline()
    timing_out = limit is not None and limit < run.end_at
    if timing_out:
        run.end_at = limit
    run.comms = getattr(task_runner, "SUPERVISOR_COMMS", None)
    # The SDK keeps the current context on one module-level stack (one per worker process in Airflow):
    # a try started while this one was parked pushed onto it, so this one gets its own back on waking.
    from airflow.sdk.definitions._internal.contextmanager import _CURRENT_CONTEXT
    contexts = list(_CURRENT_CONTEXT)
    run.parked.set()
    run.resume.wait()
    run.resume.clear()
    if run.abandoned:
        raise TryAbandoned(f"the scenario ended before {run.task_id} did")
    # Another task may have replaced the module-level comms while this one was parked.
    task_runner.SUPERVISOR_COMMS = run.comms
    _CURRENT_CONTEXT[:] = contexts
    if timing_out:
        raise virtual_time.timed_out()


_real_signal = signal.signal


def _thread_safe_signal(signum: Any, handler: Any) -> Any:
    """signal.signal from a task thread: the runner's SIGTERM hook has no meaning there; skip it."""
    if threading.current_thread() is threading.main_thread():
        return _real_signal(signum, handler)
    return signal.getsignal(signum)


_execution_api: Any = None


def _shared_execution_api() -> Any:
    """One in-process Execution API app per process (building it costs ~1 s; the supervisor asks per try)."""
    global _execution_api
    if _execution_api is None:
        from airflow.api_fastapi.execution_api.app import InProcessExecutionAPI

        _execution_api = InProcessExecutionAPI()
    return _execution_api


def install_thread_shims() -> None:
    """time.sleep parks task threads on the virtual clock; signal.signal is a no-op in them; the
    supervisor's in-process Execution API is built once."""
    from airflow.sdk.execution_time import supervisor

    time.sleep = _virtual_sleep
    virtual_time.install()
    reschedule_date.install()
    signal.signal = _thread_safe_signal  # type: ignore[assignment]
    supervisor.in_process_api_server = _shared_execution_api


def _run_in_thread(run: TaskTry, sdk_ti: Any, task: Any) -> None:
    from airflow.sdk.execution_time.supervisor import InProcessTestSupervisor

    _local.run = run
    try:
        result = InProcessTestSupervisor.start(what=sdk_ti, task=task)
        run.state = str(result.state) if result.state is not None else None
        run.error = result.error
    except TryAbandoned:
        run.state = "abandoned"
    except BaseException as err:
        run.error = err
        run.state = "harness_error"
    finally:
        _local.run = None
        run.done = True
        run.parked.set()


def _wait_parked(run: TaskTry) -> None:
    if not run.parked.wait(HANDOFF_TIMEOUT_S):
        raise TaskRunnerError(
            f"task {run.dag_id}.{run.task_id} ({run.run_id}, try {run.try_number}) neither parked nor ended "
            f"within {HANDOFF_TIMEOUT_S:.0f} s"
        )
    run.parked.clear()
    if run.done and run.state == "harness_error":
        raise TaskRunnerError(
            f"task runner failed for {run.dag_id}.{run.task_id} ({run.run_id}): {run.error!r}"
        ) from run.error


def start_try(workload: Any, task: Any, now: datetime, drawn: float | None = None) -> TaskTry:
    """Start a queued try now; returns once it parked in its sleep or ended. `drawn`: Windtunnel's
    duration for this try, used for its sleep."""
    from airflow.sdk.api.datamodels._generated import TaskInstance as SdkTaskInstance

    wti = workload.ti
    fields = {name: getattr(wti, name) for name in SdkTaskInstance.model_fields if hasattr(wti, name)}
    sdk_ti = SdkTaskInstance(**fields)
    run = TaskTry(
        key=wti.key, dag_id=wti.dag_id, run_id=wti.run_id, task_id=wti.task_id,
        map_index=wti.map_index, try_number=wti.try_number, started_at=now, drawn=drawn,
    )
    thread = threading.Thread(target=_run_in_thread, args=(run, sdk_ti, task), daemon=True,
                              name=f"wt-task-{wti.dag_id}-{wti.task_id}")
    run.thread = thread
    thread.start()
    _wait_parked(run)
    if run.done:
        run.end_at = now
    return run


def resume_try(run: TaskTry) -> bool:
    """Wake a parked try at its end instant (the driver has moved the clock there).

    Returns True when it ended; False when it slept again (a TriggerDagRunOperator polling), with a new
    end_at.
    """
    run.resume.set()
    _wait_parked(run)
    if run.done and run.thread is not None:
        run.thread.join(HANDOFF_TIMEOUT_S)
    return run.done


def abandon_try(run: TaskTry) -> None:
    """End a try still parked when its scenario ends: its thread unwinds instead of waiting forever.

    Whatever the task runner writes while unwinding lands in the scenario's database after its output was
    read, and that database is discarded."""
    if run.done or run.thread is None:
        return
    run.abandoned = True
    run.resume.set()
    run.thread.join(HANDOFF_TIMEOUT_S)
    if run.thread.is_alive():
        raise TaskRunnerError(f"task {run.dag_id}.{run.task_id} ({run.run_id}) did not end when abandoned")
