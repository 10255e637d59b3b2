"""The worker and task runner, played at virtual instants through Airflow 2.11's own TaskInstance code.

A try the executor was sent starts at once: `check_and_change_state_before_execution` (what
LocalTaskJobRunner calls; sets running and start_date = now). It ends at start + duration by running the
real `_run_raw_task` (templates rendered by Airflow, the DAG file's callable executed with `time.sleep`
made a no-op, XCom push, dataset events, `handle_failure` with Airflow's retry rule), then the executor
reports the process's end as its event. A try whose templates do not render fails at its start, as the
real runner would. Checked against airflow/models/taskinstance.py in 2.11.2.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

from airflow.models.dagbag import DagBag
from airflow.models.taskinstance import TaskInstance
from airflow.models.taskinstancekey import TaskInstanceKey
from airflow.utils.session import create_session
from airflow.utils.state import TaskInstanceState
from sqlalchemy import select

from .executor import RecordingExecutor


@dataclass
class PendingTry:
    key: TaskInstanceKey
    end: datetime


@dataclass
class Worker:
    dagbag: DagBag
    executor: RecordingExecutor
    job_id: int
    seed: int
    scenario_tasks: dict[tuple[str, str], dict[str, Any]]
    pending: list[PendingTry] = field(default_factory=list)
    errors: dict[tuple[str, str, str, int, int], str] = field(default_factory=dict)
    # Runs created while a task ran (TriggerDagRunOperator), to tell them from the harness's triggers.
    on_task_run: list[Any] = field(default_factory=list)

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

    def duration(self, key: TaskInstanceKey) -> timedelta:
        spec = self.scenario_tasks.get((key.dag_id, key.task_id), {})
        if spec.get("operator", "python") != "python":
            return timedelta(0)
        # scenario.json (oracle-input) gives durations in seconds.
        d = spec.get("duration", {"kind": "fixed", "seconds": 60})
        if d.get("kind") == "uniform":
            # The exported DAG file's draw (per try, from the seed): Windtunnel's sequence differs.
            rng = random.Random(f"{self.seed}:{key.dag_id}:{key.run_id}:{key.task_id}:{key.try_number}")
            return timedelta(seconds=rng.uniform(float(d["min_s"]), float(d["max_s"])))
        return timedelta(seconds=float(d.get("seconds", 0)))

    def start(self, key: TaskInstanceKey, now: datetime) -> None:
        """The try's process starts: running at `now`; its end is due at now + duration."""
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
            renders = self._renders(ti, session)
        self.pending.append(PendingTry(key, now if not renders else now + self.duration(key)))

    def _renders(self, ti: TaskInstance, session: Any) -> bool:
        """Do the try's templates render now? (Airflow renders them first thing in the try.)"""
        try:
            context = ti.get_template_context(session=session)
            ti.task.prepare_for_execution().render_template_fields(context)
        except Exception:
            return False
        finally:
            session.rollback()
        return True

    def due(self, now: datetime) -> list[PendingTry]:
        ready = sorted(
            (p for p in self.pending if p.end <= now),
            key=lambda p: (p.end, p.key.dag_id, p.key.run_id, p.key.task_id, p.key.map_index),
        )
        self.pending = [p for p in self.pending if p.end > now]
        return ready

    def next_end(self) -> datetime | None:
        return min((p.end for p in self.pending), default=None)

    def finish(self, key: TaskInstanceKey) -> None:
        """The try's process runs the task and ends; the executor reports how it ended."""
        with create_session() as session:
            ti = self._ti(key, session)
            if ti is None or ti.state != TaskInstanceState.RUNNING or ti.try_number != key.try_number:
                # Changed from outside (mark, clear, timeout): the process ends without a state of its own.
                self.executor.success(key)
                return
            error: str | None = None
            # The callable prints its rendered templates: keep stdout for the harness's own output.
            with mock.patch.object(time, "sleep", lambda _s: None), contextlib.redirect_stdout(io.StringIO()):
                try:
                    ti._run_raw_task(job_id=str(self.job_id), pool=ti.pool, session=session)
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"
            session.commit()
            state = ti.state
        if error is not None:
            self.errors[(key.dag_id, key.run_id, key.task_id, key.map_index, key.try_number)] = error
        if state in (TaskInstanceState.SUCCESS, TaskInstanceState.SKIPPED):
            self.executor.success(key)
        else:
            self.executor.fail(key)
