"""The replayed database as Windtunnel's `run --format json` tables (Airflow 2.11.2's columns).

Airflow 2 names: `execution_date` is written as logical_date; run types `dataset_triggered` →
asset_triggered. Airflow 2 has no run_after and no triggered_by column: run_after is left out (listed
in `oracle.absent_fields`, so a comparison shows it as absent); triggered_by is what the harness knows
(the event that made the run; runs made while a task ran came from TriggerDagRunOperator). Rendered
fields are the work task's `templates` as Airflow rendered them into op_kwargs
(RenderedTaskInstanceFields).
"""

from __future__ import annotations

from typing import Any

from airflow.models.dagrun import DagRun
from airflow.models.dataset import DatasetEvent, DatasetModel
from airflow.models.renderedtifields import RenderedTaskInstanceFields
from airflow.models.taskinstance import TaskInstance
from airflow.models.xcom import XCom
from airflow.utils.session import create_session
from sqlalchemy import select

from ..common.instants import format_instant
from ..common.skip_decision import skip_decision_sorted

RUN_TYPES = {"dataset_triggered": "asset_triggered"}
TRIGGERED_BY = {"scheduled": "timetable", "dataset_triggered": "asset", "backfill": "backfill"}


def _json(value: Any) -> Any:
    return value if value is not None else {}


def dump_tables(
    triggered_via: dict[tuple[str, str], str],
    errors: dict[tuple[str, str, str, int, int], str],
    uri_names: dict[str, str],
    task_order: dict[str, dict[str, int]],
) -> dict[str, Any]:
    with create_session() as session:
        runs = list(session.scalars(select(DagRun).order_by(DagRun.id)))
        run_rank = {(r.dag_id, r.run_id): i for i, r in enumerate(runs)}
        dag_runs = [
            {
                "dag_id": r.dag_id,
                "run_id": r.run_id,
                "run_type": RUN_TYPES.get(r.run_type, r.run_type),
                "triggered_by": triggered_via.get((r.dag_id, r.run_id)) or TRIGGERED_BY.get(r.run_type, "operator"),
                "logical_date": format_instant(r.execution_date),
                "data_interval_start": format_instant(r.data_interval_start),
                "data_interval_end": format_instant(r.data_interval_end),
                "queued_at": format_instant(r.queued_at),
                "start_date": format_instant(r.start_date),
                "end_date": format_instant(r.end_date),
                "state": str(r.state),
                "conf": _json(r.conf),
                "backfill_id": None,
                "clear_number": r.clear_number,
            }
            for r in runs
        ]
        rendered = {
            (f.dag_id, f.run_id, f.task_id, f.map_index): f.rendered_fields
            for f in session.scalars(select(RenderedTaskInstanceFields))
        }
        tis = sorted(
            session.scalars(select(TaskInstance)),
            key=lambda t: (
                run_rank.get((t.dag_id, t.run_id), 1 << 30),
                task_order.get(t.dag_id, {}).get(t.task_id, 1 << 30),
                t.map_index,
            ),
        )
        task_instances = []
        for t in tis:
            fields = rendered.get((t.dag_id, t.run_id, t.task_id, t.map_index)) or {}
            op_kwargs = fields.get("op_kwargs") if isinstance(fields, dict) else None
            templates = op_kwargs.get("templates") if isinstance(op_kwargs, dict) else None
            task_instances.append({
                "dag_id": t.dag_id,
                "run_id": t.run_id,
                "task_id": t.task_id,
                "map_index": t.map_index,
                "try_number": t.try_number,
                "state": None if t.state is None else str(t.state),
                "start_date": format_instant(t.start_date),
                "end_date": format_instant(t.end_date),
                "rendered": templates if isinstance(templates, dict) else {},
                "error": errors.get((t.dag_id, t.run_id, t.task_id, t.map_index, t.try_number)),
            })
        xcoms = [
            {
                "dag_id": x.dag_id,
                "run_id": x.run_id,
                "task_id": x.task_id,
                "map_index": x.map_index,
                "key": x.key,
                # XCom's reconstructor has already deserialized the stored JSON on load (2.11.2).
                "value": skip_decision_sorted(x.key, x.value),
            }
            for x in session.scalars(select(XCom).order_by(XCom.dag_run_id, XCom.task_id, XCom.key))
        ]
        uris = {d.id: d.uri for d in session.scalars(select(DatasetModel))}
        asset_events = [
            {
                "asset": uri_names.get(uris.get(e.dataset_id, ""), uris.get(e.dataset_id, "")),
                "timestamp": format_instant(e.timestamp),
                "source_dag_id": e.source_dag_id,
                "source_run_id": e.source_run_id,
                "source_task_id": e.source_task_id,
                "extra": _json(e.extra),
            }
            for e in session.scalars(select(DatasetEvent).order_by(DatasetEvent.id))
        ]
    return {"dag_runs": dag_runs, "task_instances": task_instances, "xcoms": xcoms, "asset_events": asset_events}
