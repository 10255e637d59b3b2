"""Profile "2" through the installed Airflow 2.11 (slow: each replay imports Airflow in a subprocess of
the profile's own venv, on a fresh PostgreSQL database)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from windtunnel_oracle.af2.values import instant_of

from ..conftest import FIXTURES

AF2_PYTHON = Path(__file__).resolve().parents[2] / ".venvs" / "2" / "bin" / "python"


def replay(name: str) -> dict[str, Any]:
    if not AF2_PYTHON.exists():
        pytest.skip(f"{AF2_PYTHON} is missing (npm run oracle:setup)")
    r = subprocess.run([str(AF2_PYTHON), "-m", "windtunnel_oracle.af2", str(FIXTURES / "af2" / name)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    out: dict[str, Any] = json.loads(r.stdout)
    assert (out["airflow"], out["airflow_version"]) == ("2", "2.11.2")
    return out


def test_same_instant_triggers_collide_on_execution_date() -> None:
    out = replay("hyperparameter-tuning-2x")
    results = [(e["index"], e["ok"], e["run_id"], e["error"]) for e in out["event_results"]]
    assert results == [
        (0, True, "manual__2025-03-01T09:00:00+00:00", None),
        (1, False, None, "A DAG Run already exists for DAG train_model at 2025-03-01 09:00:00+00:00 with run id "
                         "manual__2025-03-01T09:00:00+00:00"),
        (2, True, "manual__2025-03-01T09:00:01+00:00", None),
        (3, True, "manual__2025-03-01T09:00:02+00:00", None),
    ]
    runs = [(r["run_id"], r["triggered_by"], r["logical_date"], r["queued_at"], r["start_date"], r["end_date"],
             r["state"], r["conf"]) for r in out["dag_runs"]]
    # A run whose execution_date is still in the future is not started: DagRun.next_dagruns_to_examine
    # keeps `execution_date <= now()` (models/dagrun.py, 2.11.2), so the faked dates start a second late.
    assert runs == [
        ("manual__2025-03-01T09:00:00+00:00", "cli", "2025-03-01T09:00:00Z", "2025-03-01T09:00:00Z",
         "2025-03-01T09:00:00Z", "2025-03-01T09:30:00Z", "success", {"lr": 0.1}),
        ("manual__2025-03-01T09:00:01+00:00", "cli", "2025-03-01T09:00:01Z", "2025-03-01T09:00:00Z",
         "2025-03-01T09:00:01Z", "2025-03-01T09:30:01Z", "success", {"lr": 0.01}),
        ("manual__2025-03-01T09:00:02+00:00", "cli", "2025-03-01T09:00:02Z", "2025-03-01T09:00:00Z",
         "2025-03-01T09:00:02Z", "2025-03-01T09:30:02Z", "success", {"lr": 0.001}),
    ]
    rendered = [t["rendered"]["command"] for t in out["task_instances"]]
    assert rendered == ["train.py --lr 0.1 --ts 2025-03-01T09:00:00+00:00",
                        "train.py --lr 0.01 --ts 2025-03-01T09:00:01+00:00",
                        "train.py --lr 0.001 --ts 2025-03-01T09:00:02+00:00"]
    assert out["oracle"]["absent_fields"] == ["dag_runs.run_after"]
    assert all("run_after" not in r for r in out["dag_runs"])


def test_a_failed_try_is_retried_after_its_delay_and_empty_tasks_finish_without_running() -> None:
    out = replay("retries")
    runs = [(r["run_id"], r["queued_at"], r["end_date"], r["state"]) for r in out["dag_runs"]]
    # @hourly under profile "2" is a data-interval schedule: each run is made when its interval ends.
    assert runs == [
        ("scheduled__2025-01-01T00:00:00+00:00", "2025-01-01T01:00:00Z", "2025-01-01T01:25:00Z", "success"),
        ("scheduled__2025-01-01T01:00:00+00:00", "2025-01-01T02:00:00Z", "2025-01-01T02:25:00Z", "success"),
        ("scheduled__2025-01-01T02:00:00+00:00", "2025-01-01T03:00:00Z", "2025-01-01T03:25:00Z", "success"),
    ]
    first = [(t["task_id"], t["try_number"], t["state"], t["start_date"], t["end_date"])
             for t in out["task_instances"] if t["run_id"] == "scheduled__2025-01-01T00:00:00+00:00"]
    # Try 1 fails at 01:10; ready_for_retry is strict (< now), visited 1 µs after 01:15 and shown as 01:15.
    assert first == [("fetch", 2, "success", "2025-01-01T01:15:00Z", "2025-01-01T01:25:00Z"),
                     ("done", 1, "success", "2025-01-01T01:25:00Z", "2025-01-01T01:25:00Z")]
    assert [x["value"] for x in out["xcoms"]] == ["2025-01-01", "2025-01-01", "2025-01-01"]


def test_scenario_instants_may_be_iso_text_or_epoch_milliseconds() -> None:
    assert instant_of("2025-01-01T00:00:00Z") == instant_of(1735689600000)
    assert instant_of("2025-01-01T01:00:00+01:00").isoformat() == "2025-01-01T00:00:00+00:00"
    with pytest.raises(ValueError):
        instant_of(True)


def test_a_waiting_trigger_pokes_on_the_clock_and_a_marked_try_is_terminated() -> None:
    out = replay("wait")
    tis = {(t["dag_id"], t["run_id"], t["task_id"]): (t["state"], t["start_date"], t["end_date"], t["error"])
           for t in out["task_instances"]}
    # The child run ends at 00:30; the operator sleeps poke_interval (7 min) between looks: 00:17, 00:24, 00:31.
    assert tis[("parent", "manual__2025-01-01T00:10:00+00:00", "kick")] == (
        "success", "2025-01-01T00:10:00Z", "2025-01-01T00:31:00Z", None)
    assert tis[("parent", "manual__2025-01-01T00:10:00+00:00", "after")] == (
        "success", "2025-01-01T00:31:00Z", "2025-01-01T00:32:00Z", None)
    # Marked failed while running: the try's process is told to stop and keeps the mark (no retry, no error).
    assert tis[("child", "extra", "work")] == ("failed", "2025-01-01T00:12:00Z", "2025-01-01T00:15:00Z", None)
    assert [(e["kind"], e["ok"], e["status"], e["run_id"]) for e in out["event_results"]] == [
        ("trigger", True, None, "manual__2025-01-01T00:10:00+00:00"), ("trigger", True, None, "extra"),
        ("mark", True, None, "extra")]
    xcoms = {(x["task_id"], x["key"]): x["value"] for x in out["xcoms"]}
    assert xcoms[("kick", "trigger_run_id")] == "manual__2025-01-01T00:10:00+00:00"


def test_a_dag_held_at_a_past_create_time_does_not_stop_the_clock_for_others() -> None:
    out = replay("held")
    hourly = [(r["run_id"], r["state"]) for r in out["dag_runs"] if r["dag_id"] == "hourly"]
    assert hourly == [(f"scheduled__2025-01-01T0{h}:00:00+00:00", "success") for h in range(3)]
    forever = [(r["run_id"], r["state"]) for r in out["dag_runs"] if r["dag_id"] == "forever"]
    assert forever == [("scheduled__2025-01-01T00:00:00+00:00", "running")]
