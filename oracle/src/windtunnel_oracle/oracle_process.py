"""One oracle process: Airflow configured and imported once, then any number of replays."""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from pathlib import Path
from typing import Any

from .common.scenario import read_input


class Oracle:
    def __init__(self) -> None:
        from .af3.env import configure_environment

        self.home = configure_environment()
        warnings.filterwarnings("ignore")
        with contextlib.redirect_stdout(open(os.devnull, "w")):
            from .af3.probe import probe

            self.airflow = probe()
        logging.disable(logging.WARNING)
        self._rest_client: Any = None

    def replay(self, folder: str | Path) -> dict[str, Any]:
        from .af3.driver import replay

        scenario = read_input(folder)
        return replay(self.airflow, scenario, self.home / "dags", self._rest)

    def _rest(self) -> Any:
        """The REST app, built once per process (create_app takes seconds)."""
        from .af3.rest import RestClient

        if self._rest_client is None:
            self._rest_client = RestClient()
        return self._rest_client
