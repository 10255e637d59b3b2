"""The worker and task runner, played at virtual instants through Airflow 2.11's own TaskInstance code.

A try the executor was sent starts at once: `check_and_change_state_before_execution` (what
LocalTaskJobRunner calls; running, start_date = now), then the real `_run_raw_task` in a TryThread
(templates rendered by Airflow, the DAG file's callable executed: its sleep for the scenario's duration
and TriggerDagRunOperator's poke sleeps park the thread on the virtual clock; XCom push, dataset events
and `handle_failure` with Airflow's retry rule when it ends). The executor then reports the process's end as
its event. A running try whose state was changed from outside (mark, clear, dagrun timeout) is
terminated at the instant the driver sees it, as LocalTaskJob's heartbeat would do ~5 s later.
Checked against airflow/models/taskinstance.py and jobs/local_task_job_runner.py in 2.11.2.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from airflow.models.dagbag import DagBag
from airflow.models.taskinstance import TaskInstance
from airflow.models.taskinstancekey import TaskInstanceKey
from airflow.utils.session import create_session
from airflow.utils.state import TaskInstanceState
from sqlalchemy import select

from .executor import RecordingExecutor
from .try_thread import TryThread


@dataclass
class Worker:
    dagbag: DagBag
    executor: RecordingExecutor
    job_id: int
    tries: dict[TaskInstanceKey, TryThread] = field(default_factory=dict)
    errors: dict[tuple[str, str, str, int, int], str] = field(default_factory=dict)

    def _ti(self, key: TaskInstanceKey, session: Any) -> TaskInstance | None:
        ti = session.scalar(
            select(TaskInstance).where(
                TaskInstance.dag_id == key.dag_id,
                TaskInstance.run_id == key.run_id,
                TaskInstance.task_id == key.task_id,
                TaskInstance.map_index == key.map_index,
            )
        )
        if ti is not None:
            ti.task = self.dagbag.get_dag(key.dag_id).get_task(key.task_id)
        return ti

    def start(self, key: TaskInstanceKey) -> None:
        """The try's process starts now and runs until it sleeps or ends."""
        with create_session() as session:
            ti = self._ti(key, session)
            if ti is None:
                self.executor.fail(key)
                return
            ok = ti.check_and_change_state_before_execution(job_id=self.job_id, pool=ti.pool, session=session)
            session.commit()
        if not ok:
            # The real runner exits without running; the executor reports the process's end.
            self.executor.success(key)
            return
        thread = TryThread(f"{key.dag_id}.{key.task_id}.{key.run_id}", lambda: self._run(key))
        self.tries[key] = thread
        thread.start()
        self._settle(key)

    def _run(self, key: TaskInstanceKey) -> None:
        error: str | None = None
        with create_session() as session:
            ti = self._ti(key, session)
            if ti is None:
                return
            # The callable prints its rendered templates: keep stdout for the harness's own output.
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    ti._run_raw_task(job_id=str(self.job_id), pool=ti.pool, session=session)
                except BaseException as exc:
                    error = f"{type(exc).__name__}: {exc}"
            session.commit()
            state = ti.state
        if error is not None:
            self.errors[(key.dag_id, key.run_id, key.task_id, key.map_index, key.try_number)] = error
        if state in (TaskInstanceState.SUCCESS, TaskInstanceState.SKIPPED):
            self.executor.success(key)
        else:
            self.executor.fail(key)

    def _settle(self, key: TaskInstanceKey) -> None:
        thread = self.tries[key]
        if thread.failure is not None:
            raise RuntimeError(f"task runner failed for {key}") from thread.failure
        if thread.done:
            del self.tries[key]

    def resume_due(self, now: datetime) -> bool:
        """Wake the tries whose sleep ends by `now` (in a fixed order); whether any ran."""
        due = sorted((k for k, t in self.tries.items() if t.wake is not None and t.wake <= now),
                     key=lambda k: (self.tries[k].wake, k.dag_id, k.run_id, k.task_id, k.map_index))
        for key in due:
            self.tries[key].resume()
            self._settle(key)
        return bool(due)

    def terminate_changed(self) -> bool:
        """End tries whose task instance is no longer this running try (changed from outside)."""
        if not self.tries:
            return False
        changed = []
        with create_session() as session:
            for key in self.tries:
                ti = self._ti(key, session)
                if ti is None or ti.state != TaskInstanceState.RUNNING or ti.try_number != key.try_number:
                    changed.append(key)
        for key in sorted(changed, key=lambda k: (k.dag_id, k.run_id, k.task_id, k.map_index)):
            self.tries[key].resume(terminate=True)
            self._settle(key)
        return bool(changed)

    def next_wake(self) -> datetime | None:
        return min((t.wake for t in self.tries.values() if t.wake is not None), default=None)
