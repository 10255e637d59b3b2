"""A loaded folder -> {"scenario": ..., "notes": [...], "import_errors": [...], "summary": ...}.

Everything the DAG files say is carried over; what they cannot say (work durations, outcomes, pool
sizes, the simulated time span, external events) gets an explicit default with a note at its key path,
which `windtunnel import-dags` writes as a YAML comment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from .assets import AssetBook, Unsupported
from .bag import Folder, LoadedDag
from .tasks import build_task
from .timetables import schedule_of
from .values import iso_duration, iso_instant, plain, seconds_of
from .xcom_mapping import link_sources

DEFAULT_START = "2025-01-01T00:00:00Z"
DEFAULT_POOL_SLOTS = 128


class Notes:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def __call__(self, path: list[Any], text: str, kind: str | None = None) -> None:
        """`kind` groups notes for the summary on stderr (default: the text itself)."""
        self.items.append({"path": path, "text": text, "kind": kind or text})


def _build_dag(loaded: LoadedDag, index: int, book: AssetBook, dag_ids: set[str], note: Notes) -> dict[str, Any]:
    ser, sd, dag = loaded.serialized, loaded.deserialized, loaded.dag
    where: list[Any] = ["dags", index]
    out: dict[str, Any] = {"dag_id": loaded.dag_id}
    try:
        schedule, tt_zone = schedule_of(ser.get("timetable"), book)
    except Unsupported as err:
        schedule, tt_zone = None, None
        note([*where, "schedule"], f"{err} has no scenario form: imported as no schedule")
    except Exception as err:
        schedule, tt_zone = None, None
        note([*where, "schedule"], f"timetable not read ({type(err).__name__}: {err}): imported as no schedule")
    out["schedule"] = schedule
    out["start_date"] = iso_instant(ser.get("start_date"))
    if out["start_date"] is not None and out["start_date"] < "1000":
        # Airflow 3.1 keeps datetime.min for a DAG that sets no start_date.
        out["start_date"] = None
        note([*where, "start_date"], "the DAG sets no start_date")
    out["end_date"] = iso_instant(ser.get("end_date"))
    zone = ser.get("timezone") if isinstance(ser.get("timezone"), str) else None
    out["timezone"] = tt_zone or zone or "UTC"
    if tt_zone and zone and tt_zone != zone:
        note([*where, "timezone"], f"the timetable's zone {tt_zone} (the DAG's is {zone})")
    out["catchup"] = bool(getattr(sd, "catchup", ser.get("catchup", False)))
    out["paused"] = bool(getattr(sd, "is_paused_upon_creation", None))
    for key in ("max_active_runs", "max_active_tasks", "max_consecutive_failed_dag_runs"):
        value = getattr(sd, key, ser.get(key))
        if isinstance(value, int):
            out[key] = value
    timeout = seconds_of(getattr(sd, "dagrun_timeout", None))
    out["dagrun_timeout"] = iso_duration(timeout) if timeout is not None else None
    params = _params(dag)
    if params:
        out["params"] = params
    by_id = {t.get("__var", t).get("task_id"): t.get("__var", t) for t in ser.get("tasks", [])}
    tasks = []
    for t_index, task_id in enumerate(dag.task_ids):
        op = sd.task_dict[task_id]
        tasks.append(build_task(op, dag.task_dict[task_id], by_id.get(task_id, {}),
                                [*where, "tasks", t_index], book, dag_ids, note))
    link_sources(tasks, where, note)
    out["tasks"] = tasks
    if not tasks:
        note([*where, "dag_id"], "the DAG has no tasks")
    return out


def _params(dag: Any) -> dict[str, Any]:
    try:
        return plain(dag.params.dump())
    except Exception:
        return {}


def build_scenario(folder: Folder, *, name: str, profile: str) -> dict[str, Any]:
    note = Notes()
    book = AssetBook()
    dag_ids = {d.dag_id for d in folder.dags if d.error is None}
    dags: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for loaded in folder.dags:
        if loaded.error is not None:
            skipped.append({"dag_id": loaded.dag_id, "file": loaded.fileloc, "reason": loaded.error})
            continue
        try:
            dags.append(_build_dag(loaded, len(dags), book, dag_ids, note))
        except Exception as err:  # one odd DAG never stops the others
            note.items = [n for n in note.items if n["path"][:2] != ["dags", len(dags)]]
            skipped.append({"dag_id": loaded.dag_id, "file": loaded.fileloc,
                            "reason": f"not convertible: {type(err).__name__}: {err}"})

    starts = [d["start_date"] for d in dags if d.get("start_date")]
    start = max(starts) if starts else DEFAULT_START
    end = iso_instant(dt.datetime.fromisoformat(start.replace("Z", "+00:00")) + dt.timedelta(days=1))
    scenario: dict[str, Any] = {
        "windtunnel": 1,
        "name": name,
        "description": f"Imported from {len(dags)} DAG(s) by `windtunnel import-dags` with Airflow "
                       f"{folder.airflow_version}.",
        "airflow": profile,
        "clock": {"start": start, "end": end},
    }
    note(["clock"], "default: from the latest DAG start_date for one day; edit to the span you want to see")
    pools = sorted({t["pool"] for d in dags for t in d["tasks"] if t.get("pool") not in (None, "default_pool")})
    if pools:
        scenario["pools"] = {p: DEFAULT_POOL_SLOTS for p in pools}
        note(["pools"], f"default: {DEFAULT_POOL_SLOTS} slots each (pool sizes live in the metadata database, "
             "not in DAG files)")
    if book.uris:
        scenario["assets"] = book.spec()
    scenario["dags"] = dags
    note(["dags"], "paused: false unless the DAG sets is_paused_upon_creation=True (a real Airflow pauses "
         "new DAGs by default: dags_are_paused_at_creation)")
    events = [{"at": start, "trigger": {"dag_id": d["dag_id"]}} for d in dags if d["schedule"] is None]
    scenario["events"] = events
    note(["events"], "default: one manual trigger at clock start for each DAG without a schedule; "
         "external events (REST calls, asset events, messages) are not in DAG files")
    return {
        "airflow_version": folder.airflow_version,
        "folder": folder.path,
        "scenario": scenario,
        "notes": note.items,
        "import_errors": [asdict(e) for e in folder.import_errors],
        "skipped_dags": skipped,
        # The serialized timetables as Airflow wrote them, for checks against the scenario's schedules.
        "timetables": {d.dag_id: d.serialized.get("timetable") for d in folder.dags if d.error is None},
        "summary": {"dags": len(dags), "tasks": sum(len(d["tasks"]) for d in dags),
                    "import_errors": len(folder.import_errors), "skipped_dags": len(skipped)},
    }
