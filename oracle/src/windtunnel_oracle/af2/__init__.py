"""The oracle for profile "2": a scenario replayed through Apache Airflow 2.11's own scheduler.

`replay(input_dir)` reads the folder `windtunnel oracle-input` wrote (Airflow 2.11 DAG files from
export-dags + scenario.json) and returns the run output object. Airflow is imported on first call, after
the process environment is set (environment.py), so importing this package stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def replay(input_dir: Path) -> dict[str, Any]:
    from .environment import prepare_process

    prepare_process()
    from ..common.scenario import read_input
    from .driver import replay_folder

    scenario = read_input(input_dir)
    return replay_folder(Path(input_dir), scenario)
