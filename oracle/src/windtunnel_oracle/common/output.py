"""The oracle's output: Windtunnel's `run --format json` object, without the decision log."""

from __future__ import annotations

from typing import Any

from .scenario import ScenarioInput

OUTPUT_KEYS = ("windtunnel", "scenario", "airflow", "airflow_version", "seed", "clock", "dag_runs",
               "task_instances", "xcoms", "asset_events", "event_results")


def build_output(scenario: ScenarioInput, airflow_version: str, dag_runs: list[dict[str, Any]],
                 task_instances: list[dict[str, Any]], xcoms: list[dict[str, Any]],
                 asset_events: list[dict[str, Any]], event_results: list[dict[str, Any]]) -> dict[str, Any]:
    clock = scenario.data["clock"]
    return {
        "windtunnel": 1,
        "scenario": scenario.name,
        "airflow": scenario.profile,
        "airflow_version": airflow_version,
        "seed": scenario.seed,
        "clock": {"start": clock["start"], "end": clock["end"]},
        "dag_runs": dag_runs,
        "task_instances": task_instances,
        "xcoms": xcoms,
        "asset_events": asset_events,
        "event_results": event_results,
    }
