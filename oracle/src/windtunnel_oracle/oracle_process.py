"""One oracle process: Airflow configured and imported once, then any number of replays."""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .common.scenario import read_input


def _airflow_major() -> int:
    """The installed Airflow's major version, read without importing it (its config must come first)."""
    from importlib.metadata import version

    return int(version("apache-airflow").split(".")[0])


class Oracle:
    def __init__(self) -> None:
        self.af2 = _airflow_major() == 2
        if self.af2:  # Airflow 2.11: its own harness (af2/), same protocol
            from .af2.environment import prepare_process

            self.home = prepare_process()
            warnings.filterwarnings("ignore")
            with contextlib.redirect_stdout(open(os.devnull, "w")):
                import airflow
            self.airflow: Any = SimpleNamespace(version=airflow.__version__)
            logging.disable(logging.WARNING)
            return
        from .af3.env import configure_environment

        self.home = configure_environment()
        warnings.filterwarnings("ignore")
        with contextlib.redirect_stdout(open(os.devnull, "w")):
            from .af3.probe import probe

            self.airflow = probe()
        logging.disable(logging.WARNING)
        self._rest_client: Any = None

    def replay(self, folder: str | Path) -> dict[str, Any]:
        if self.af2:
            from .af2 import replay as replay_af2

            return replay_af2(Path(folder))
        from .af3.driver import replay

        scenario = read_input(folder)
        return replay(self.airflow, scenario, self.home / "dags", self._rest)

    def _rest(self) -> Any:
        """The REST app, built once per process (create_app takes seconds)."""
        from .af3.rest import RestClient

        if self._rest_client is None:
            self._rest_client = RestClient()
        return self._rest_client
