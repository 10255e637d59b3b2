"""Airflow 2.11's process environment: set before `import airflow`, then pointed at each scenario's DB.

Checked against apache-airflow 2.11.2: `settings.configure_orm()` reads [database] sql_alchemy_conn from
`conf` at call time, `DagRun.DEFAULT_DAGRUNS_TO_EXAMINE` and `DagModel.NUM_DAGS_PER_DAGRUN_QUERY` are class
attributes read from the config at import, and `Job.max_tis_per_query` is read when a Job is built.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Limits that cut a real scheduler loop short: raised so that one pass reaches the fixed point
# (the real loop would spread the same work over successive loops ~1 s apart).
BIG = "100000"

_HOME: Path | None = None


def prepare_process() -> Path:
    """Environment for Airflow 2.11, once per process, before Airflow is imported."""
    global _HOME
    if _HOME is not None:
        return _HOME
    home = Path(tempfile.mkdtemp(prefix="wt-oracle-af2-"))
    (home / "dags").mkdir()
    (home / "plugins").mkdir()
    env = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(home / "plugins"),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__SCHEDULER__MAX_DAGRUNS_TO_CREATE_PER_LOOP": BIG,
        "AIRFLOW__SCHEDULER__MAX_DAGRUNS_PER_LOOP_TO_SCHEDULE": BIG,
        "AIRFLOW__SCHEDULER__MAX_TIS_PER_QUERY": "0",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "True",
        "AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW__METRICS__TIMER_UNIT_CONSISTENCY": "True",
        "AIRFLOW__API__AUTH_BACKENDS": "airflow.providers.fab.auth_manager.api.auth.backend.basic_auth",
        "AIRFLOW__WEBSERVER__SECRET_KEY": "windtunnel-oracle",
        "AIRFLOW__WEBSERVER__UPDATE_FAB_PERMS": "True",
        "_AIRFLOW__SKIP_DATABASE_EXECUTOR_COMPATIBILITY_CHECK": "1",
    }
    os.environ.update(env)
    _HOME = home
    return home


def use_database(url: str) -> None:
    """Point Airflow's ORM at `url` (a fresh engine, so nothing of the previous scenario remains)."""
    from airflow import settings

    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = url  # the environment wins over airflow.cfg
    settings.dispose_orm()
    settings.SQL_ALCHEMY_CONN = url
    settings.configure_orm()


def apply_scenario_config(config: dict[str, object]) -> None:
    """The scenario's `config:` keys that Airflow 2.11 reads at call time (environment beats airflow.cfg)."""
    from airflow.models.dag import DagModel
    from airflow.models.dagrun import DagRun

    values = {
        "AIRFLOW__CORE__PARALLELISM": config.get("parallelism", 32),
        "AIRFLOW__CORE__MAX_ACTIVE_RUNS_PER_DAG": config.get("max_active_runs_per_dag", 16),
        "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": config.get("max_active_tasks_per_dag", 16),
        "AIRFLOW__SCHEDULER__CATCHUP_BY_DEFAULT": config.get("catchup_by_default", True),
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": config.get("default_timezone", "UTC"),
    }
    for key, value in values.items():
        os.environ[key] = str(value)
    DagRun.DEFAULT_DAGRUNS_TO_EXAMINE = int(BIG)
    DagModel.NUM_DAGS_PER_DAGRUN_QUERY = int(BIG)
