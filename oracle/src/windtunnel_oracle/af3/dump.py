"""Reading Airflow's tables back into Windtunnel's `run --format json` rows."""

from __future__ import annotations

from typing import Any

from ..common.instants import format_instant
from ..common.scenario import ScenarioInput
from ..common.skip_decision import skip_decision_sorted


def _value(v: Any) -> Any:
    """Enum members (DagRunState, TaskInstanceState, DagRunType...) as their plain values."""
    return getattr(v, "value", v)


def dag_runs(session: Any) -> list[dict[str, Any]]:
    from airflow.models.dagrun import DagRun
    from sqlalchemy import select

    rows = session.scalars(select(DagRun).order_by(DagRun.run_after, DagRun.id)).all()
    return [
        {
            "dag_id": r.dag_id,
            "run_id": r.run_id,
            "run_type": _value(r.run_type),
            "triggered_by": _value(r.triggered_by),
            "logical_date": format_instant(r.logical_date),
            "data_interval_start": format_instant(r.data_interval_start),
            "data_interval_end": format_instant(r.data_interval_end),
            "run_after": format_instant(r.run_after),
            "queued_at": format_instant(r.queued_at),
            "start_date": format_instant(r.start_date),
            "end_date": format_instant(r.end_date),
            "state": _value(r.state),
            "conf": r.conf or {},
            "backfill_id": r.backfill_id,
            "clear_number": r.clear_number,
        }
        for r in rows
    ]


def _rendered(session: Any) -> dict[tuple[str, str, str, int], dict[str, str]]:
    from airflow.models.renderedtifields import RenderedTaskInstanceFields as RTIF
    from sqlalchemy import select

    out: dict[tuple[str, str, str, int], dict[str, str]] = {}
    for r in session.scalars(select(RTIF)).all():
        fields = r.rendered_fields or {}
        op_kwargs = fields.get("op_kwargs") if isinstance(fields, dict) else None
        templates = op_kwargs.get("templates") if isinstance(op_kwargs, dict) else None
        if isinstance(templates, dict):
            out[(r.dag_id, r.run_id, r.task_id, r.map_index)] = {k: str(v) for k, v in templates.items()}
    return out


def task_instances(
    session: Any, scenario: ScenarioInput, runs: list[dict[str, Any]], errors: dict[tuple[str, str, str, int], str]
) -> list[dict[str, Any]]:
    from airflow.models.taskinstance import TaskInstance
    from sqlalchemy import select

    run_order = {(r["dag_id"], r["run_id"]): i for i, r in enumerate(runs)}
    rendered = _rendered(session)
    rows = session.scalars(select(TaskInstance)).all()

    def order(ti: Any) -> tuple[int, int, int]:
        tasks = scenario.task_order(ti.dag_id)
        return (run_order.get((ti.dag_id, ti.run_id), 1 << 30), tasks.get(ti.task_id, 1 << 30), ti.map_index)

    out = []
    for ti in sorted(rows, key=order):
        key = (ti.dag_id, ti.run_id, ti.task_id, ti.map_index)
        out.append({
            "dag_id": ti.dag_id,
            "run_id": ti.run_id,
            "task_id": ti.task_id,
            "map_index": ti.map_index,
            "try_number": ti.try_number,
            "state": _value(ti.state),
            "start_date": format_instant(ti.start_date),
            "end_date": format_instant(ti.end_date),
            "rendered": rendered.get(key, {}),
            "error": errors.get(key),
        })
    return out


def xcoms(session: Any, scenario: ScenarioInput, runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from airflow.models.xcom import XComModel
    from sqlalchemy import select

    run_order = {(r["dag_id"], r["run_id"]): i for i, r in enumerate(runs)}
    rows = session.scalars(select(XComModel)).all()

    def order(x: Any) -> tuple[int, int, int, str]:
        tasks = scenario.task_order(x.dag_id)
        return (run_order.get((x.dag_id, x.run_id), 1 << 30), tasks.get(x.task_id, 1 << 30), x.map_index, x.key)

    return [
        {"dag_id": x.dag_id, "run_id": x.run_id, "task_id": x.task_id, "map_index": x.map_index,
         # The column holds the JSON value the Execution API stored. Not XComModel.deserialize_value:
         # it json.loads strings again, so a returned "0.1" would read back as the float 0.1.
         "key": x.key, "value": skip_decision_sorted(x.key, x.value)}
        for x in sorted(rows, key=order)
    ]


def asset_events(session: Any) -> list[dict[str, Any]]:
    from airflow.models.asset import AssetEvent, AssetModel
    from sqlalchemy import select

    rows = session.execute(
        select(AssetEvent, AssetModel.name).join(AssetModel, AssetModel.id == AssetEvent.asset_id)
        .order_by(AssetEvent.timestamp, AssetEvent.id)
    ).all()
    out = []
    for event, name in rows:
        out.append({
            "asset": name,
            "timestamp": format_instant(event.timestamp),
            "source_dag_id": event.source_dag_id,
            "source_run_id": event.source_run_id,
            "source_task_id": event.source_task_id,
            "extra": event.extra or {},
            "created_dagruns": [{"dag_id": r.dag_id, "run_id": r.run_id} for r in event.created_dagruns],
        })
    return out
