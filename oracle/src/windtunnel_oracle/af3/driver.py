"""Replaying one scenario through Airflow 3's scheduler, task runner and APIs on the virtual clock.

Per instant, in Windtunnel's order: tries due to end now end (their task threads resume), then the
scenario's events at this instant in file order, then scheduler passes to a fixed point: Airflow's
`_do_scheduling` (create runs, start queued runs, schedule TIs, enqueue within pools and limits), the
executor heartbeat (queued tries start at once, in Airflow's task runner), and `_process_executor_events`.
Then the clock jumps to the next instant at which anything can happen.
"""

from __future__ import annotations

import random
import shutil
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..common.clock import VirtualClock
from ..common.database import template_name
from ..common.database_pool import DatabasePool, drop_stale_databases
from ..common.db_clock import DatabaseClock
from ..common.instants import format_instant, parse_instant
from ..common.output import build_output
from ..common.replay_stats import ReplayStats
from ..common.scenario import InputError, ScenarioInput
from . import dump
from .env import work_database_name
from .events import apply_event
from .executor import HarnessExecutor
from .probe import BUNDLE_NAME, Airflow3
from .rest import RestClient
from .task_runner import TaskTry, abandon_try, install_thread_shims, resume_try, start_try
from .triggerer import check_trigger_timeouts, run_due_triggers, wake_instants

# A strict threshold (a retry is due when next_retry_datetime() < now) is visited this much after it:
# output instants are truncated to milliseconds, so it reads as "at the threshold", as Windtunnel has it.
STRICT_STEP = timedelta(microseconds=1)
# The smallest step of Airflow's clock: same-instant events are stamped this far apart.
STAMP_STEP = timedelta(microseconds=1)
MAX_PASSES_PER_INSTANT = 1000
MAX_INSTANTS = 200_000


class ReplayError(Exception):
    pass


_pools: dict[str, DatabasePool] = {}


def _pool(template: str) -> DatabasePool:
    """One pool per template in this process; the first one also drops clones left by dead processes."""
    if not _pools:  # in the background: each DROP DATABASE forces a checkpoint
        threading.Thread(target=drop_stale_databases, daemon=True, name="wt-drop-stale").start()
    if template not in _pools:
        _pools[template] = DatabasePool(template, work_database_name())
    return _pools[template]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Replay:
    def __init__(self, airflow: Airflow3, scenario: ScenarioInput, dags_folder: Path, rest_factory:
                 Callable[[], RestClient]) -> None:
        self.af = airflow
        self.scenario = scenario
        self.dags_folder = dags_folder
        self.rest_factory = rest_factory
        self.start = parse_instant(scenario.data["clock"]["start"])
        self.end = parse_instant(scenario.data["clock"]["end"])
        self.tries: list[TaskTry] = []
        self.errors: dict[tuple[str, str, str, int], str] = {}
        self.event_results: list[dict[str, Any]] = []
        self.dagbag: Any = None
        self.drawn = scenario.drawn_durations()
        self.notes: list[str] = []
        self.stats = ReplayStats()

    # ---------- setup ----------

    def _reset_database(self) -> DatabaseClock:
        from airflow import settings

        if getattr(settings, "engine", None) is not None:
            settings.engine.dispose()
        pool = _pool(template_name(self.scenario.profile))
        pool.fresh()
        return DatabaseClock(pool.name)

    def _write_dag_files(self) -> None:
        if self.dags_folder.exists():
            shutil.rmtree(self.dags_folder)
        self.dags_folder.mkdir(parents=True)
        for f in self.scenario.folder.iterdir():
            if (f.suffix == ".py" and f.name != "replay_events.py") or f.name == ".airflowignore":
                shutil.copy(f, self.dags_folder / f.name)
        for name in list(sys.modules):
            if name.startswith("unusual_prefix_"):
                del sys.modules[name]

    def _configure(self) -> None:
        from airflow.configuration import conf

        config = self.scenario.data.get("config", {})
        conf.set("core", "parallelism", str(config.get("parallelism", 32)))
        conf.set("core", "dags_folder", str(self.dags_folder))

    def _load_dags(self) -> None:
        from airflow.models.dagbundle import DagBundleModel
        from airflow.models.pool import Pool
        from airflow.utils.session import create_session

        dagbag = self.af.make_dagbag(self.dags_folder)
        if dagbag.import_errors:
            first = next(iter(dagbag.import_errors.items()))
            raise ReplayError(f"the exported DAG files do not import: {first[0]}: {first[1].strip()}")
        with create_session() as session:
            session.merge(DagBundleModel(name=BUNDLE_NAME))
            session.flush()
            self.af.sync_dags(dagbag, session)
        # Watcher triggers are only registered for active assets, and parse-time activation is best
        # effort (3.0 does not activate there). A live scheduler activates assets on its timer and the
        # DAG processor re-parses within seconds; here: activate once, then write the DAGs again
        # (only for scenarios with assets: writing the DAGs costs ~2 s of database round trips under load).
        if self.scenario.data.get("assets"):
            with create_session() as session:
                self.runner._update_asset_orphanage(session=session)
            with create_session() as session:
                self.af.sync_dags(dagbag, session)
        with create_session() as session:
            for name, slots in (self.scenario.data.get("pools") or {}).items():
                Pool.create_or_update_pool(name=name, slots=int(slots), description="windtunnel",
                                           include_deferred=False, session=session)
        self.dagbag = dagbag

    # ---------- executor and task runner ----------

    def _on_workload(self, workload: Any) -> None:
        ti = workload.ti
        task = self.dagbag.dags[ti.dag_id].get_task(ti.task_id)
        run = start_try(workload, task, self.clock.now, self._drawn_duration(ti))
        self.tries.append(run)
        if run.done:
            self._report(run)

    def _drawn_duration(self, ti: Any) -> float | None:
        """Windtunnel's draw for a range-duration try; None (the DAG file draws) for fixed durations, or,
        with a note, for a try Windtunnel did not start."""
        spec = self.scenario.task(ti.dag_id, ti.task_id)
        if spec is None or spec.get("duration", {}).get("kind") in (None, "fixed"):
            return None
        key = (ti.dag_id, ti.run_id, ti.task_id, ti.map_index, ti.try_number)
        if key in self.drawn:
            return self.drawn[key]
        self.notes.append(f"{ti.dag_id}.{ti.task_id} ({ti.run_id}, map_index {ti.map_index}, try "
                          f"{ti.try_number}): no duration drawn by Windtunnel; the DAG file's own draw was used")
        return None

    def _report(self, run: TaskTry) -> None:
        from airflow.utils.state import TaskInstanceState

        key = (run.dag_id, run.run_id, run.task_id, run.map_index)
        if run.error is not None:
            self.errors[key] = f"{type(run.error).__name__}: {run.error}"
        else:
            self.errors.pop(key, None)
        # A try that deferred or was rescheduled exited cleanly: the executor reports success, as
        # LocalExecutor does (the scheduler ignores it, the TI no longer being queued or running).
        ok = run.state in ("success", "deferred", "up_for_reschedule")
        state = TaskInstanceState.SUCCESS if ok else TaskInstanceState.FAILED
        self.executor.change_state(run.key, state)
        self.tries.remove(run)

    def _end_changed_tries(self) -> bool:
        """End tries whose task instance an event changed (marked, cleared, its run marked): the real
        supervisor's heartbeat gets a 409 from the Execution API and kills the task, writing nothing;
        the executor then reports the process as failed. Left parked, the try would wake at its end and
        its own state update would be refused (the task runner's ServerResponseError)."""
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session
        from airflow.utils.state import TaskInstanceState
        from sqlalchemy import select

        if not self.tries:
            return False
        with create_session() as s:
            rows = s.execute(select(TaskInstance.dag_id, TaskInstance.run_id, TaskInstance.task_id,
                                    TaskInstance.map_index, TaskInstance.state, TaskInstance.try_number)).all()
        live = {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}
        ended = False
        for run in sorted(self.tries, key=TaskTry.sort_key):
            state = live.get((run.dag_id, run.run_id, run.task_id, run.map_index))
            if state == (TaskInstanceState.RUNNING, run.try_number) or run.done:
                continue
            abandon_try(run)
            self.executor.change_state(run.key, TaskInstanceState.FAILED)
            self.tries.remove(run)
            ended = True
        return ended

    # ---------- one instant ----------

    def _fingerprint(self) -> tuple[Any, ...]:
        from airflow.models.dag import DagModel
        from airflow.models.dagrun import DagRun
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session
        from sqlalchemy import select

        with create_session() as s:
            runs = s.execute(select(DagRun.id, DagRun.state).order_by(DagRun.id)).all()
            tis = s.execute(select(TaskInstance.id, TaskInstance.state, TaskInstance.try_number)
                            .order_by(TaskInstance.id)).all()
            dags = s.execute(select(DagModel.dag_id, DagModel.next_dagrun_create_after, DagModel.is_paused)
                             .order_by(DagModel.dag_id)).all()
        return (tuple(runs), tuple(tis), tuple(dags), len(self.executor.queued_tasks), len(self.executor.running),
                len(self.executor.event_buffer))

    def _scheduler_pass(self) -> None:
        from airflow.utils.session import create_session

        # A try started during this instant's passes whose sleep ends now (a zero duration) ends in
        # them, as Windtunnel ends it in the same scheduler loop; left parked it would end at the next
        # instant anything happens.
        for run in sorted((t for t in self.tries if t.end_at is not None and t.end_at <= self.clock.now),
                          key=TaskTry.sort_key):
            if resume_try(run):
                self._report(run)
        check_trigger_timeouts(self.runner)
        run_due_triggers(self.clock.now)
        with create_session() as session:
            self.runner._do_scheduling(session)
            session.expunge_all()
        self.executor.heartbeat()
        with create_session() as session:
            self.runner._process_executor_events(executor=self.executor, session=session)
        self.runner._mark_backfills_complete()

    def _settle(self) -> None:
        before = self._fingerprint()
        for _ in range(MAX_PASSES_PER_INSTANT):
            self._scheduler_pass()
            self.stats.passes += 1
            after = self._fingerprint()
            if after == before:
                return
            before = after
        raise ReplayError(f"the scheduler did not settle at {format_instant(self.clock.now)}")

    def _next_instant(self, now: datetime, pending_events: list[tuple[datetime, int]]) -> datetime | None:
        from airflow.models.dag import DagModel
        from airflow.models.dagrun import DagRun
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session
        from airflow.utils.state import DagRunState, TaskInstanceState
        from sqlalchemy import func, select

        candidates: list[datetime] = [t.end_at for t in self.tries if t.end_at is not None and t.end_at > now]
        candidates += [at for at, _ in pending_events if at > now]
        with create_session() as s:
            nxt = s.scalar(select(func.min(DagModel.next_dagrun_create_after))
                           .where(DagModel.is_paused.is_(False), DagModel.next_dagrun_create_after > now))
            if nxt is not None:
                candidates.append(nxt)
            after = s.scalar(select(func.min(DagRun.run_after)).where(
                DagRun.state.in_([DagRunState.QUEUED, DagRunState.RUNNING]), DagRun.run_after > now))
            if after is not None:
                candidates.append(after)
            # The scheduler leaves a run dated in the future alone until its logical date has come
            # (SchedulerJobRunner._schedule_dag_run); a real scheduler's next loop then picks it up.
            dated = s.scalar(select(func.min(DagRun.logical_date)).where(
                DagRun.state.in_([DagRunState.QUEUED, DagRunState.RUNNING]), DagRun.logical_date > now))
            if dated is not None:
                candidates.append(dated + STRICT_STEP)
            for ti in s.scalars(select(TaskInstance).where(TaskInstance.state == TaskInstanceState.UP_FOR_RETRY)):
                ti.task = self.dagbag.dags[ti.dag_id].get_task(ti.task_id)
                due = ti.next_retry_datetime() + STRICT_STEP
                if due > now:
                    candidates.append(due)
        candidates += wake_instants(now)
        future = [c for c in candidates if c > now]
        return min(future) if future else None

    # ---------- the whole replay ----------

    def run(self) -> dict[str, Any]:
        from airflow.utils.session import create_session

        # Airflow draws run-id suffixes (runs without a logical date) from `random`: seeded, a replay
        # repeats itself (the values still differ from Windtunnel's own draws).
        random.seed(self.scenario.seed)
        db_clock = self._reset_database()
        from airflow import settings

        self.stats.watch(settings.engine)
        self.clock = VirtualClock(self.start, db_clock)
        self.clock.start()
        try:
            self._write_dag_files()
            self._configure()
            install_thread_shims()
            from airflow.configuration import conf

            self.executor = HarnessExecutor(conf.getint("core", "parallelism"), self._on_workload)
            self.runner = self.af.make_scheduler(self.executor)
            # What SchedulerJobRunner._execute gives every executor: callbacks (a run's timeout, a task
            # the executor reports failed while its row still says running) are stored, not lost.
            from airflow.callbacks.database_callback_sink import DatabaseCallbackSink

            self.executor.callback_sink = DatabaseCallbackSink()
            with create_session() as session:
                self.runner.job.prepare_for_execution(session=session)
            self._load_dags()
            rest = self.rest_factory()
            events = sorted(
                ((parse_instant(ev["at"]), i) for i, ev in enumerate(self.scenario.events)), key=lambda e: e)
            now = self.start
            for _ in range(MAX_INSTANTS):
                self.clock.move_to(now)
                self.stats.instants += 1
                for run in sorted((t for t in self.tries if t.end_at is not None and t.end_at <= now),
                                  key=TaskTry.sort_key):
                    if resume_try(run):
                        self._report(run)
                stamp = 0
                while events and events[0][0] <= now:
                    _, index = events.pop(0)
                    ev = self.scenario.events[index]
                    # A real server never gives two requests one utcnow(): the k-th event of an instant
                    # observes the instant + k µs (docs/fidelity.md, "Same-instant requests"); the
                    # scheduler passes that follow see the last of them, so the clock never goes back.
                    self.clock.move_to(now + stamp * STAMP_STEP)
                    stamp += 1
                    self.event_results.append(
                        apply_event(rest, index, ev, now.isoformat(), self.scenario.data.get("assets", [])))
                if stamp:
                    self._end_changed_tries()
                self._settle()
                # The scheduler itself may have changed a running try's row (a run's dagrun_timeout, a run
                # failed by its last task): the supervisor's heartbeat would kill that try too.
                if self._end_changed_tries():
                    self._settle()
                nxt = self._next_instant(now, events)
                if nxt is None or nxt > self.end:
                    break
                now = nxt
            else:
                raise ReplayError(f"more than {MAX_INSTANTS} instants")
            for at, index in events:
                ev = self.scenario.events[index]
                self.event_results.append({
                    "index": index, "at": format_instant(at), "kind": ev["kind"], "ok": False, "status": None,
                    "error": f"not reached: the simulation stopped at {format_instant(self.end)}", "run_id": None})
            self.event_results.sort(key=lambda r: int(r["index"]))
            with create_session() as session:
                runs = dump.dag_runs(session)
                tis = dump.task_instances(session, self.scenario, runs, self.errors)
                xcoms = dump.xcoms(session, self.scenario, runs)
                assets = dump.asset_events(session)
            out = build_output(self.scenario, self.af.version, runs, tis, xcoms, assets, self.event_results)
            if self.notes:
                out["notes"] = self.notes
            return out
        finally:
            self._abandon_tries()
            self.clock.stop()
            self.stats.stop()

    def _abandon_tries(self) -> None:
        """Tries still running at clock.end are ended (their threads unwind) so none outlives its scenario."""
        tries, self.tries = self.tries, []
        for run in tries:
            abandon_try(run)


def replay(airflow: Airflow3, scenario: ScenarioInput, dags_folder: Path,
           rest_factory: Callable[[], RestClient]) -> dict[str, Any]:
    if not scenario.profile.startswith("3."):
        raise InputError(f"profile {scenario.profile!r} is not an Airflow 3 profile")
    if ".".join(airflow.version.split(".")[:2]) != scenario.profile:
        raise InputError(f"the scenario is for profile {scenario.profile} but this oracle runs Airflow "
                         f"{airflow.version} (use oracle/.venvs/{scenario.profile}, or oracle-input --profile)")
    started = time.monotonic()
    run = Replay(airflow, scenario, dags_folder, rest_factory)
    out = run.run()
    _log(f"replayed {scenario.name} in {time.monotonic() - started:.1f} s ({run.stats.summary()})")
    return out
