"""One lesson end to end through the installed Airflow (slow: imports Airflow in a subprocess)."""

import json
import subprocess
from datetime import datetime
from pathlib import Path

from .conftest import FIXTURES, PYTHON


def test_xcom_prior_run_replays_through_real_airflow_in_the_serve_loop(tmp_path: Path) -> None:
    requests = [{"id": 1, "replay": str(tmp_path)}, {"oops": True},
                {"id": 3, "replay": str(FIXTURES / "xcom-prior-run")},
                {"id": 4, "replay": str(FIXTURES / "hyperparameter-tuning-3x")}]
    r = subprocess.run([PYTHON, "-m", "windtunnel_oracle", "serve"],
                       input="".join(json.dumps(q) + "\n" for q in requests),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-4000:]
    hello, missing, malformed, answer, drawn = (json.loads(line) for line in r.stdout.splitlines())
    assert hello["ready"] is True and hello["airflow_version"].startswith("3.1.")
    assert missing["id"] == 1 and "scenario.json: not found" in missing["error"]
    assert malformed == {"id": None, "error": 'a request is {"id": n, "replay": DIR}'}
    assert answer["id"] == 3, answer.get("error")
    out = answer["output"]
    assert out["airflow"] == "3.1" and out["airflow_version"].startswith("3.1.")
    runs = [(d["run_id"], d["state"], d["start_date"], d["end_date"]) for d in out["dag_runs"]]
    assert runs == [
        ("scheduled__2025-04-01T00:00:00+00:00", "success", "2025-04-01T00:00:00Z", "2025-04-01T00:11:00Z"),
        ("scheduled__2025-04-02T00:00:00+00:00", "success", "2025-04-02T00:00:00Z", "2025-04-02T00:11:00Z"),
        ("manual__2025-04-02T12:00:00+00:00", "success", "2025-04-02T12:00:00Z", "2025-04-02T12:11:00Z"),
        ("scheduled__2025-04-03T00:00:00+00:00", "success", "2025-04-03T00:00:00Z", "2025-04-03T00:11:00Z"),
        ("scheduled__2025-04-04T00:00:00+00:00", "success", "2025-04-04T00:00:00Z", "2025-04-04T00:11:00Z"),
    ]
    manual = next(d for d in out["dag_runs"] if d["run_type"] == "manual")
    assert (manual["triggered_by"], manual["logical_date"]) == ("cli", None)
    compare = [t for t in out["task_instances"] if t["task_id"] == "compare"]
    assert (compare[0]["start_date"], compare[0]["end_date"], compare[0]["state"]) == (
        "2025-04-01T00:10:00Z", "2025-04-01T00:11:00Z", "success")
    assert all(t["rendered"]["this_run_only"] == t["run_id"] for t in compare)
    # Airflow 3.1's task SDK returns every prior value (a list) when more than one exists.
    assert compare[0]["rendered"]["previous"] == "scheduled__2025-04-01T00:00:00+00:00"
    assert compare[1]["rendered"]["previous"].startswith("['")
    xcoms = {(x["run_id"], x["task_id"]): x["value"] for x in out["xcoms"]}
    assert xcoms[("manual__2025-04-02T12:00:00+00:00", "publish")] == "manual__2025-04-02T12:00:00+00:00"
    assert out["event_results"] == [{"index": 0, "at": "2025-04-02T12:00:00Z", "kind": "trigger", "ok": True,
                                      "status": None, "error": None,
                                      "run_id": "manual__2025-04-02T12:00:00+00:00"}]

    # The second replay in the process (the pool's renamed spare): range-duration tries sleep the durations
    # Windtunnel drew (scenario.json "tries"), not the DAG file's own draws, so end dates are Windtunnel's.
    assert drawn["id"] == 4, drawn.get("error")
    tries = json.loads((FIXTURES / "hyperparameter-tuning-3x" / "scenario.json").read_text())["tries"]
    want = {t["run_id"]: t["duration"] for t in tries}
    got = {t["run_id"]: (datetime.fromisoformat(t["end_date"]) - datetime.fromisoformat(t["start_date"]))
           .total_seconds() for t in drawn["output"]["task_instances"]}
    assert got == want and len(got) == 6
    assert "notes" not in drawn["output"]
    # Six requests at 09:00: the k-th is stamped k µs later, as on a real server, so the two without a
    # dag_run_id get ids of their own instead of a 409 (docs/fidelity.md, "Same-instant requests").
    ids = [r["run_id"] for r in drawn["output"]["event_results"]]
    assert ids[4:] == ["manual__2025-03-01T09:00:00.000004+00:00", "manual__2025-03-01T09:00:00.000005+00:00"]

def test_a_missing_input_is_one_json_error_line_and_exit_1(tmp_path: Path) -> None:
    r = subprocess.run([PYTHON, "-m", "windtunnel_oracle", "replay", str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1
    assert json.loads(r.stdout) == {"error": f"{tmp_path}/scenario.json: not found (write it with "
                                             "`npx windtunnel oracle-input FILE --out DIR`)"}

