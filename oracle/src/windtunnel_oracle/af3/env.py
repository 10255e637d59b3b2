"""Airflow configuration for the oracle process, set in the environment before `import airflow`.

Values Airflow reads at import (the per-loop limits, the auth manager, paused-at-creation) must be here;
per-scenario values are set with conf.set() by the driver.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..common.database import sqlalchemy_url

# Fixed so that JWTs minted by the harness stay valid for the whole process (never a secret).
JWT_SECRET = "windtunnel-oracle-not-a-secret"


def work_database_name() -> str:
    """One scenario database per oracle process, re-cloned for every scenario."""
    return f"wt_run_{os.getpid()}"


def configure_environment(home: Path | None = None) -> Path:
    """Set AIRFLOW__* variables for a scheduler that does one whole loop per pass; returns AIRFLOW_HOME."""
    airflow_home = home or Path(tempfile.mkdtemp(prefix="wt-oracle-"))
    dags = airflow_home / "dags"
    plugins = airflow_home / "plugins"
    dags.mkdir(parents=True, exist_ok=True)
    plugins.mkdir(parents=True, exist_ok=True)
    settings = {
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(work_database_name()),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(plugins),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__CORE__AUTH_MANAGER": (
            "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
        ),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__API_AUTH__JWT_SECRET": JWT_SECRET,
        # 3.0 passes the issuer to PyJWT unchecked; None is refused there.
        "AIRFLOW__API_AUTH__JWT_ISSUER": "windtunnel-oracle",
        "AIRFLOW__API__SECRET_KEY": JWT_SECRET,
        # One pass sees every due run and every schedulable task (Airflow's defaults batch them).
        "AIRFLOW__SCHEDULER__MAX_DAGRUNS_TO_CREATE_PER_LOOP": "100000",
        "AIRFLOW__SCHEDULER__MAX_DAGRUNS_PER_LOOP_TO_SCHEDULE": "100000",
        "AIRFLOW__SCHEDULER__MAX_TIS_PER_QUERY": "0",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "True",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
        "AIRFLOW__LOGGING__FAB_LOGGING_LEVEL": "ERROR",
        "AIRFLOW__METRICS__STATSD_ON": "False",
        "AIRFLOW__TRACES__OTEL_ON": "False",
        "_AIRFLOW__SKIP_DATABASE_EXECUTOR_COMPATIBILITY_CHECK": "1",
    }
    os.environ.update(settings)
    return airflow_home
