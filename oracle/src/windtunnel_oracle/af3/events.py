"""A scenario's external events applied through Airflow's own entry points.

trigger via cli  -> airflow.api.client.local_client.Client.trigger_dag (what `airflow dags trigger` calls)
trigger via api/ui/operator and `api:` -> POST through the real REST app (ui: with a Referer, as the UI
                    sends; Airflow then records triggered_by=ui)
asset_event      -> POST /api/v2/assets/events (the asset's id looked up by name)
backfill         -> POST /api/v2/backfills
pause / unpause  -> PATCH /api/v2/dags/{dag_id}
clear            -> POST /api/v2/dags/{dag_id}/clearTaskInstances
mark             -> PATCH the run or the task instance
message          -> Trigger.submit_event on the AssetWatcher's trigger row, what the triggerer calls when
                    the watcher's MessageQueueTrigger yields an event (it registers the asset change)
"""

from __future__ import annotations

from typing import Any

from ..common.instants import format_instant, parse_instant
from .rest import RestClient, error_text


def _result(index: int, ev: dict[str, Any], ok: bool, status: int | None, error: str | None,
            run_id: str | None, response: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"index": index, "at": format_instant(parse_instant(ev["at"])), "kind": ev["kind"],
                           "ok": ok, "status": status, "error": error, "run_id": run_id}
    if response is not None:
        out["response"] = response
    return out


def _from_http(index: int, ev: dict[str, Any], status: int, payload: Any, keep_body: bool) -> dict[str, Any]:
    ok = status < 300
    run_id = payload.get("dag_run_id") if isinstance(payload, dict) and ok else None
    return _result(index, ev, ok, status, None if ok else error_text(payload), run_id,
                   payload if keep_body else None)


def _trigger_cli(index: int, ev: dict[str, Any]) -> dict[str, Any]:
    from airflow.api.client.local_client import Client
    from airflow.exceptions import AirflowException

    t = ev["trigger"]
    logical = t.get("logical_date")
    try:
        result = Client().trigger_dag(
            dag_id=t["dag_id"], run_id=t.get("run_id"), conf=t.get("conf") or None,
            logical_date=parse_instant(logical) if isinstance(logical, str) else None,
        )
    except (AirflowException, ValueError) as err:
        return _result(index, ev, False, None, str(err), None)
    return _result(index, ev, True, None, None, result["dag_run_id"] if result else None)


def _trigger_http(rest: RestClient, index: int, ev: dict[str, Any], now_iso: str) -> dict[str, Any]:
    t = ev["trigger"]
    via = t.get("via", "cli")
    body: dict[str, Any] = {"conf": t.get("conf") or {}}
    logical = t.get("logical_date", "__unset__")
    # ui (and operator) default to "now" for a missing logical date; api sends what was written.
    if logical == "__unset__":
        body["logical_date"] = now_iso if via in ("ui", "operator") else None
    else:
        body["logical_date"] = logical
    if via == "operator" and isinstance(body["logical_date"], str):
        # TriggerDagRunOperator passes run_after=logical_date: it reads its own clock, not the server's.
        body["run_after"] = body["logical_date"]
    if t.get("run_id"):
        body["dag_run_id"] = t["run_id"]
    status, payload = rest.request("POST", f"/api/v2/dags/{t['dag_id']}/dagRuns", body, ui=via == "ui")
    return _from_http(index, ev, status, payload, keep_body=False)


def _asset_id(name: str) -> int | None:
    from airflow.models.asset import AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        return session.scalar(select(AssetModel.id).where(AssetModel.name == name))


def _message(index: int, ev: dict[str, Any], assets: list[dict[str, Any]]) -> dict[str, Any]:
    from airflow.models.asset import AssetModel
    from airflow.models.trigger import Trigger
    from airflow.triggers.base import TriggerEvent
    from airflow.utils.session import create_session
    from sqlalchemy import select

    queue = ev["message"]["queue"]
    watching = [a["name"] for a in assets if any(w["queue"] == queue for w in a.get("watchers", []))]
    if not watching:
        return _result(index, ev, False, None, f"no AssetWatcher listens on queue {queue}", None)
    with create_session() as session:
        trigger_ids: list[int] = []
        for name in watching:
            asset = session.scalar(select(AssetModel).where(AssetModel.name == name))
            triggers = list(asset.triggers) if asset is not None else []
            if len(triggers) > 1:
                triggers = [t for t in triggers if queue in str(t.kwargs)] or triggers
            trigger_ids += [t.id for t in triggers if t.id not in trigger_ids]
    if not trigger_ids:
        return _result(index, ev, False, None,
                       f"no trigger is registered for queue {queue}: Airflow's triggerer would not be watching it "
                       "(asset inactive or its consumers paused)", None)
    for trigger_id in trigger_ids:
        with create_session() as session:
            Trigger.submit_event(trigger_id, TriggerEvent(ev["message"].get("payload")), session=session)
    return _result(index, ev, True, None, None, None)


def apply_event(rest: RestClient, index: int, ev: dict[str, Any], now_iso: str,
                assets: list[dict[str, Any]]) -> dict[str, Any]:
    kind = ev["kind"]
    if kind == "trigger":
        if ev["trigger"].get("via", "cli") == "cli":
            return _trigger_cli(index, ev)
        return _trigger_http(rest, index, ev, now_iso)
    if kind == "api":
        api = ev["api"]
        status, payload = rest.request(api["method"], api["path"], api.get("body"))
        return _from_http(index, ev, status, payload, keep_body=True)
    if kind == "asset_event":
        a = ev["asset_event"]
        asset_id = _asset_id(a["asset"])
        if asset_id is None:
            return _result(index, ev, False, 404, f"Asset with name {a['asset']} not found", None)
        status, payload = rest.request("POST", "/api/v2/assets/events",
                                       {"asset_id": asset_id, "extra": a.get("extra") or {}})
        return _from_http(index, ev, status, payload, keep_body=False) | {"run_id": None}
    if kind == "backfill":
        b = ev["backfill"]
        body = {"dag_id": b["dag_id"], "from_date": b["from_date"], "to_date": b["to_date"],
                "run_backwards": b.get("run_backwards", False), "dag_run_conf": b.get("dag_run_conf") or {},
                "reprocess_behavior": b.get("reprocess_behavior", "none"),
                "max_active_runs": b.get("max_active_runs", 10)}
        status, payload = rest.request("POST", "/api/v2/backfills", body)
        return _from_http(index, ev, status, payload, keep_body=False)
    if kind in ("pause", "unpause"):
        status, payload = rest.request("PATCH", f"/api/v2/dags/{ev['dag_id']}", {"is_paused": kind == "pause"})
        return _from_http(index, ev, status, payload, keep_body=False) | {"status": None if status < 300 else status}
    if kind == "clear":
        c = ev["clear"]
        body = {"dry_run": False, "dag_run_id": c["run_id"], "only_failed": c.get("only_failed", False),
                "reset_dag_runs": c.get("dag_run_state", "queued") is not None}
        # upstream/downstream/future/past: the same flags the UI's clear dialog sends.
        for key in ("upstream", "downstream", "future", "past"):
            if c.get(key):
                body[f"include_{key}"] = True
        if c.get("task_ids"):
            body["task_ids"] = c["task_ids"]
        status, payload = rest.request("POST", f"/api/v2/dags/{c['dag_id']}/clearTaskInstances", body)
        r = _from_http(index, ev, status, payload, keep_body=False)
        return r | {"status": None, "run_id": c["run_id"]} if status < 300 else r
    if kind == "mark":
        m = ev["mark"]
        if m.get("task_id"):
            path = f"/api/v2/dags/{m['dag_id']}/dagRuns/{m['run_id']}/taskInstances/{m['task_id']}"
            if m.get("map_index") is not None:
                path += f"/{m['map_index']}"
            status, payload = rest.request("PATCH", path, {"new_state": m["state"]})
        else:
            status, payload = rest.request("PATCH", f"/api/v2/dags/{m['dag_id']}/dagRuns/{m['run_id']}",
                                           {"state": m["state"]})
        r = _from_http(index, ev, status, payload, keep_body=False)
        return r | {"status": None, "run_id": m["run_id"]} if status < 300 else r
    if kind == "message":
        return _message(index, ev, assets)
    return _result(index, ev, False, None, f"the oracle does not replay {kind} events yet", None)
