"""Reading an oracle input folder: scenario.json (written by `windtunnel oracle-input`) + DAG files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .instants import parse_instant


class InputError(Exception):
    """The input folder is missing something or is malformed (reported as {"error": ...})."""


@dataclass(frozen=True)
class ScenarioInput:
    folder: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def profile(self) -> str:
        return str(self.data["airflow"])

    @property
    def seed(self) -> int:
        return int(self.data.get("seed", 0))

    @property
    def dags(self) -> list[dict[str, Any]]:
        return list(self.data.get("dags", []))

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self.data.get("events", []))

    def drawn_durations(self) -> dict[tuple[str, str, str, int, int], float]:
        """Seconds Windtunnel drew per try of a range-duration task, by (dag_id, run_id, task_id, map_index,
        try_number) (`tries` in scenario.json; absent from inputs written before it existed)."""
        return {(str(t["dag_id"]), str(t["run_id"]), str(t["task_id"]), int(t["map_index"]), int(t["try_number"])):
                float(t["duration"]) for t in self.data.get("tries") or []}

    def dag(self, dag_id: str) -> dict[str, Any] | None:
        return next((d for d in self.dags if d["dag_id"] == dag_id), None)

    def task(self, dag_id: str, task_id: str) -> dict[str, Any] | None:
        dag = self.dag(dag_id)
        if dag is None:
            return None
        return next((t for t in dag["tasks"] if t["task_id"] == task_id), None)

    def task_order(self, dag_id: str) -> dict[str, int]:
        dag = self.dag(dag_id)
        return {t["task_id"]: i for i, t in enumerate(dag["tasks"])} if dag else {}


def read_input(folder: str | Path) -> ScenarioInput:
    root = Path(folder)
    path = root / "scenario.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"{path}: not found (write it with `npx windtunnel oracle-input FILE --out DIR`)") from err
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}:{err.colno}: invalid JSON: {err.msg}") from err
    if not isinstance(data, dict) or data.get("windtunnel") != 1:
        raise InputError(f"{path}: not a Windtunnel scenario (expected \"windtunnel\": 1)")
    for key in ("name", "airflow", "clock", "dags"):
        if key not in data:
            raise InputError(f"{path}: missing key {key!r}")
    try:
        parse_instant(data["clock"]["start"])
        parse_instant(data["clock"]["end"])
    except (KeyError, TypeError, ValueError) as err:
        raise InputError(f"{path}: clock: {err}") from err
    return ScenarioInput(folder=root, data=data)
