"""The one place that knows how Airflow 3.0 / 3.1 / 3.2 / 3.3 differ in the calls the harness makes.

Each branch is chosen by looking at the installed package (a module path or a signature), not by the
version number, and was checked against 3.0.6, 3.1.8, 3.2.2 and 3.3.2:
- DagBag: airflow.models.dagbag (3.0, 3.1) -> airflow.dag_processing.dagbag (3.2+); `bundle_name`
  argument from 3.2; `include_examples` gone in 3.3.
- writing parsed DAGs: DagBag.sync_to_db(bundle, version) (3.0) -> sync_bag_to_db(dagbag, bundle, version)
  (3.1: airflow.models.dagbag, 3.2+: airflow.dag_processing.dagbag).
- executors: Job(executor=...) (3.0, 3.1) -> SchedulerJobRunner(job, executors=[...]) (3.2+).
- DB-backed DAG bag for the scheduler: SchedulerDagBag in the scheduler module (3.0) -> DBDagBag
  (airflow.models.dagbag, 3.1+).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLE_NAME = "dags-folder"


def _first_attr(candidates: list[tuple[str, str]]) -> Any:
    for module_name, attr in candidates:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, attr):
            return getattr(module, attr)
    names = ", ".join(f"{m}.{a}" for m, a in candidates)
    raise RuntimeError(f"probe: none of {names} exists in the installed Airflow")


@dataclass(frozen=True)
class Airflow3:
    version: str
    dagbag_cls: Any
    sync_bag_to_db: Any  # None on 3.0 (DagBag.sync_to_db instead)
    scheduler_takes_executors: bool

    def make_dagbag(self, folder: Path) -> Any:
        params = inspect.signature(self.dagbag_cls.__init__).parameters
        kwargs: dict[str, Any] = {"dag_folder": str(folder), "bundle_path": folder}
        if "include_examples" in params:
            kwargs["include_examples"] = False
        if "bundle_name" in params:
            kwargs["bundle_name"] = BUNDLE_NAME
        return self.dagbag_cls(**kwargs)

    def sync_dags(self, dagbag: Any, session: Any) -> None:
        if self.sync_bag_to_db is not None:
            self.sync_bag_to_db(dagbag, BUNDLE_NAME, None, session=session)
        else:
            dagbag.sync_to_db(BUNDLE_NAME, None, session=session)

    def make_scheduler(self, executor: Any) -> Any:
        from airflow.jobs.job import Job
        from airflow.jobs.scheduler_job_runner import SchedulerJobRunner

        if self.scheduler_takes_executors:
            job = Job()
            runner = SchedulerJobRunner(job=job, executors=[executor])
        else:
            job = Job(executor=executor)
            runner = SchedulerJobRunner(job=job)
        return runner


def probe() -> Airflow3:
    import airflow
    from airflow.jobs.scheduler_job_runner import SchedulerJobRunner

    version = str(airflow.__version__)
    if not version.startswith("3."):
        raise RuntimeError(f"the af3 driver needs Airflow 3.x, found {version}")
    dagbag_cls = _first_attr([("airflow.dag_processing.dagbag", "DagBag"), ("airflow.models.dagbag", "DagBag")])
    try:
        sync = _first_attr([
            ("airflow.dag_processing.dagbag", "sync_bag_to_db"),
            ("airflow.models.dagbag", "sync_bag_to_db"),
        ])
    except RuntimeError:
        if not hasattr(dagbag_cls, "sync_to_db"):
            raise
        sync = None
    takes = "executors" in inspect.signature(SchedulerJobRunner.__init__).parameters
    for name in ("_do_scheduling", "_process_executor_events", "_mark_backfills_complete"):
        if not hasattr(SchedulerJobRunner, name):
            raise RuntimeError(f"probe: SchedulerJobRunner.{name} is missing in Airflow {version}")
    return Airflow3(version=version, dagbag_cls=dagbag_cls, sync_bag_to_db=sync, scheduler_takes_executors=takes)
