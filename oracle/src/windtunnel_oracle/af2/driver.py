"""One scenario through Airflow 2.11.2's scheduler on the virtual clock.

At each instant: tries whose sleep ends wake (worker.py, try_thread.py), the scenario's events apply in file order
(events.py), then `SchedulerJobRunner._do_scheduling`, the executor's heartbeat (tries start at once) and
`_process_executor_events` run until the database stops changing (the fixed point). Then time jumps to the
next instant at which Airflow could act. Checked against airflow/jobs/scheduler_job_runner.py in 2.11.2:
`_do_scheduling(session)`, `_process_executor_events(executor, session)`; `Job(executor=...)` sets
`job.executors`. Strict thresholds (`ready_for_retry` is `next_retry_datetime() < now`, dagrun_timeout is
`start_date < now - timeout`) are visited one microsecond late; output instants drop sub-millisecond parts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import airflow
from airflow.jobs.job import Job
from airflow.jobs.scheduler_job_runner import SchedulerJobRunner
from airflow.models.dag import DagModel
from airflow.models.dagbag import DagBag
from airflow.models.dagrun import DagRun
from airflow.models.dataset import DatasetDagRunQueue, DatasetEvent
from airflow.models.pool import Pool
from airflow.models.taskinstance import TaskInstance
from airflow.utils.session import create_session
from airflow.utils.state import DagRunState, TaskInstanceState
from sqlalchemy import func, select

from ..common.clock import VirtualClock
from ..common.database import clone_template, drop_database, sqlalchemy_url
from ..common.db_clock import DatabaseClock, install_virtual_now
from ..common.instants import format_instant
from ..common.scenario import ScenarioInput
from .dump import dump_tables
from .environment import apply_scenario_config, use_database
from .events import EventApplier
from .executor import RecordingExecutor
from .template import ensure_template
from .try_thread import process_patches
from .values import instant_of
from .worker import Worker

STEP = timedelta(microseconds=1)
MAX_PASSES = 10_000


class DiscardCallbacks:
    """A callback sink: scenarios have no DAG callbacks to run."""

    def send(self, callback: Any) -> None:
        pass


class NoFixedPoint(Exception):
    """The scheduler kept changing the database at one instant."""


def _digest() -> str:
    with create_session() as s:
        parts = [
            s.execute(select(DagRun.id, DagRun.state, DagRun.start_date, DagRun.end_date).order_by(DagRun.id)).all(),
            s.execute(
                select(TaskInstance.dag_id, TaskInstance.run_id, TaskInstance.task_id, TaskInstance.map_index,
                       TaskInstance.state, TaskInstance.try_number).order_by(
                    TaskInstance.dag_id, TaskInstance.run_id, TaskInstance.task_id, TaskInstance.map_index)
            ).all(),
            s.execute(select(DagModel.dag_id, DagModel.is_paused, DagModel.next_dagrun_create_after)
                      .order_by(DagModel.dag_id)).all(),
            s.scalar(select(func.count()).select_from(DatasetDagRunQueue)),
            s.scalar(select(func.count()).select_from(DatasetEvent)),
        ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Replay:
    def __init__(self, scenario: ScenarioInput) -> None:
        self.s = scenario
        data = scenario.data
        self.start = instant_of(data["clock"]["start"])
        self.end = instant_of(data["clock"]["end"])
        self.database = f"wt_af2_{os.getpid()}"
        self.asset_uris = {a["name"]: a.get("uri") or a["name"] for a in data.get("assets", [])}
        self.agenda = sorted(
            ((instant_of(e["at"]), i, e) for i, e in enumerate(scenario.events)), key=lambda x: (x[0], x[1])
        )
        self.results: list[dict[str, Any]] = []

    def run(self) -> dict[str, Any]:
        clone_template(ensure_template(), self.database)
        install_virtual_now(self.database, self.start)
        use_database(sqlalchemy_url(self.database))
        apply_scenario_config(self.s.data.get("config", {}))
        clock = VirtualClock(self.start, DatabaseClock(self.database))
        clock.start()
        try:
            # Tasks sleep on the virtual clock; Airflow's SIGTERM handlers only in the main thread.
            with contextlib.ExitStack() as patches:
                for target, name, value in process_patches():
                    patches.enter_context(mock.patch.object(target, name, value))
                return self._replay(clock)
        finally:
            clock.stop()
            from airflow import settings

            settings.dispose_orm()
            if not os.environ.get("WINDTUNNEL_ORACLE_KEEP_DB"):
                drop_database(self.database)

    def _replay(self, clock: VirtualClock) -> dict[str, Any]:
        data = self.s.data
        dagbag = DagBag(dag_folder=str(self.s.folder), include_examples=False, safe_mode=False)
        for name, slots in (data.get("pools") or {}).items():
            Pool.create_or_update_pool(name=name, slots=int(slots), description="", include_deferred=False)
        dagbag.sync_to_db()
        parallelism = int((data.get("config") or {}).get("parallelism", 32))
        executor = RecordingExecutor(parallelism)
        job = Job(executor=executor)
        job.prepare_for_execution()
        executor.job_id = job.id
        runner = SchedulerJobRunner(job=job, subdir=str(self.s.folder))
        # No DAG processor process: the DAGs were parsed once above (_process_executor_events refuses
        # to run without one unless the processor is "standalone"); DAG callbacks go nowhere.
        runner._standalone_dag_processor = True
        executor.callback_sink = DiscardCallbacks()
        # Every task runs on the one stand-in executor (the loader would build the configured default).
        runner._try_to_load_executor = lambda _name: executor
        worker = Worker(dagbag=dagbag, executor=executor, job_id=job.id)
        events = EventApplier(dagbag=dagbag, asset_uris=self.asset_uris)
        timeouts = {d.dag_id: d.dagrun_timeout for d in dagbag.dags.values() if d.dagrun_timeout}

        now = self.start
        while True:
            clock.move_to(now)
            worker.resume_due(now)
            stamp = 0
            while self.agenda and self.agenda[0][0] <= now:
                _, index, event = self.agenda.pop(0)
                # The k-th event of an instant observes now + k µs, as on a real server (docs/fidelity.md,
                # "Same-instant requests"); the scheduler then runs at the last stamp.
                clock.move_to(now + timedelta(microseconds=stamp))
                stamp += 1
                self.results.append(events.apply(index, event, now))
            worker.terminate_changed()
            self._fixed_point(runner, executor, worker, now)
            nxt = self._next_instant(now, worker, dagbag, timeouts)
            if nxt is None or nxt > self.end:
                break
            now = nxt

        task_order = {d["dag_id"]: {t["task_id"]: i for i, t in enumerate(d["tasks"])} for d in self.s.dags}
        uri_names = {v: k for k, v in self.asset_uris.items()}
        tables = dump_tables(events.triggered_via, worker.errors, uri_names, task_order)
        return {
            "windtunnel": 1,
            "scenario": self.s.name,
            "airflow": "2",
            "airflow_version": airflow.__version__,
            "seed": self.s.seed,
            "clock": {"start": format_instant(self.start), "end": format_instant(self.end)},
            **tables,
            "event_results": sorted(self.results, key=lambda r: int(r["index"])),
            "oracle": {
                "backend": "postgresql",
                "absent_fields": ["dag_runs.run_after"],
                "import_errors": {Path(k).name: v.strip().splitlines()[-1] for k, v in dagbag.import_errors.items()},
                "unsupported": events.unsupported,
            },
        }

    def _fixed_point(self, runner: SchedulerJobRunner, executor: RecordingExecutor, worker: Worker,
                     now: datetime) -> None:
        for _ in range(MAX_PASSES):
            before = _digest()
            with create_session() as session:
                runner._do_scheduling(session)
            executor.heartbeat()
            started = executor.take_started()
            for key in started:
                worker.start(key)
            woke = worker.resume_due(now)
            ended = worker.terminate_changed()
            with create_session() as session:
                runner._process_executor_events(executor=executor, session=session)
            if not (started or woke or ended) and _digest() == before:
                return
        raise NoFixedPoint(f"no fixed point after {MAX_PASSES} scheduler passes at {format_instant(now)}")

    def _next_instant(self, now: datetime, worker: Worker, dagbag: DagBag,
                      timeouts: dict[str, timedelta]) -> datetime | None:
        candidates: list[datetime] = []
        if self.agenda:
            candidates.append(self.agenda[0][0])
        end = worker.next_wake()
        if end is not None:
            candidates.append(end)
        with create_session() as s:
            # Only times after now: a DAG held at a past create-after (continuous, max_active_runs
            # reached) must not hide the others' next times.
            create_after = s.scalar(
                select(func.min(DagModel.next_dagrun_create_after)).where(
                    DagModel.is_paused.is_(False), DagModel.is_active.is_(True),
                    DagModel.next_dagrun_create_after > now)
            )
            if create_after is not None:
                candidates.append(create_after)
            future = s.scalar(
                select(func.min(DagRun.execution_date)).where(
                    DagRun.state.in_([DagRunState.QUEUED, DagRunState.RUNNING]), DagRun.execution_date > now)
            )
            if future is not None:
                candidates.append(future)
            for ti in s.scalars(select(TaskInstance).where(TaskInstance.state == TaskInstanceState.UP_FOR_RETRY)):
                dag = dagbag.get_dag(ti.dag_id)
                if dag is not None and dag.has_task(ti.task_id):
                    ti.task = dag.get_task(ti.task_id)
                    candidates.append(ti.next_retry_datetime() + STEP)
            for run in s.scalars(select(DagRun).where(DagRun.state == DagRunState.RUNNING)):
                if run.dag_id in timeouts and run.start_date is not None:
                    candidates.append(run.start_date + timeouts[run.dag_id] + STEP)
        later = [c for c in candidates if c > now]
        return min(later) if later else None


def replay_folder(folder: Path, scenario: ScenarioInput) -> dict[str, Any]:
    return Replay(scenario).run()
