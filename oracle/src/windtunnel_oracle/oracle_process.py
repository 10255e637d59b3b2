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
        with contextlib.redirect_stdout(open(os.devnull, "w")):  # noqa: SIM115 - Airflow prints on import
            from .af3.probe import probe

            self.airflow = probe()
        logging.disable(logging.WARNING)

    def replay(self, folder: str | Path) -> dict[str, Any]:
        from .af3.driver import replay
        from .af3.rest import RestClient

        scenario = read_input(folder)
        return replay(self.airflow, scenario, self.home / "dags", RestClient)
