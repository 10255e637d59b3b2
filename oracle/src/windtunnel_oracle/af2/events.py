"""The scenario's events, applied through Airflow 2.11's own functions (checked in 2.11.2):
triggers via `airflow.api.common.trigger_dag.trigger_dag` (what `airflow dags trigger` calls through the
local client), `api` events through the REST API v1 (rest.py), asset events through the DatasetManager,
pauses, clears and marks through the REST API v1 (PATCH dags, clearTaskInstances, PATCH dagRuns /
taskInstances), as Windtunnel answers them with REST status codes. Airflow 2 has no
backfill in the scheduler and no watchers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from airflow.api.common.trigger_dag import trigger_dag
from airflow.datasets import Dataset
from airflow.datasets.manager import dataset_manager
from airflow.models.dagbag import DagBag
from airflow.utils.session import create_session

from ..common.instants import format_instant
from .rest import RestClient
from .values import instant_of

UNSUPPORTED = {
    "backfill": "Airflow 2 backfills run in their own `airflow dags backfill` job, not in the scheduler",
    "message": "Airflow 2 has no asset watchers",
}


@dataclass
class EventApplier:
    dagbag: DagBag
    asset_uris: dict[str, str]
    triggered_via: dict[tuple[str, str], str] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)
    _rest: RestClient | None = None

    def rest(self) -> RestClient:
        if self._rest is None:
            self._rest = RestClient()
        return self._rest

    def apply(self, index: int, event: dict[str, Any], now: datetime) -> dict[str, Any]:
        kind = str(event["kind"])
        result: dict[str, Any] = {
            "index": index, "at": format_instant(now), "kind": kind,
            "ok": True, "status": None, "error": None, "run_id": None,
        }
        try:
            handler = getattr(self, f"_{kind}", None)
            if handler is None:
                reason = UNSUPPORTED.get(kind, f"event kind {kind} is not replayed for Airflow 2")
                self.unsupported.append(f"events[{index}] {kind}: {reason}")
                result.update(ok=False, error=f"oracle: {reason}")
            else:
                handler(event, result)
        except Exception as exc:  # a refused event never aborts the replay, as in Windtunnel
            result.update(ok=False, error=str(exc), run_id=None)
        return result

    def _trigger(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        spec = event["trigger"]
        via = spec.get("via", "cli")
        logical = spec.get("logical_date")
        if via == "api":
            body: dict[str, Any] = {"conf": spec.get("conf") or {}}
            if logical is not None:
                body["logical_date"] = format_instant(instant_of(logical))
            if spec.get("run_id"):
                body["dag_run_id"] = spec["run_id"]
            status, payload = self.rest().call("POST", f"/api/v1/dags/{spec['dag_id']}/dagRuns", body)
            self._rest_result(result, status, payload, spec["dag_id"], "rest_api")
            return
        run = trigger_dag(
            dag_id=spec["dag_id"],
            run_id=spec.get("run_id") or None,
            conf=spec.get("conf") or None,
            execution_date=None if logical is None else instant_of(logical),
        )
        if run is not None:
            result["run_id"] = run.run_id
            self.triggered_via[(run.dag_id, run.run_id)] = via

    def _api(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        api = event["api"]
        status, payload = self.rest().call(api["method"], api["path"], api.get("body"))
        dag_id = api["path"].split("/")[4] if api["path"].count("/") >= 4 else ""
        makes_run = api["method"].upper() == "POST" and api["path"].rstrip("/").endswith("/dagRuns")
        self._rest_result(result, status, payload, dag_id, "rest_api" if makes_run else None)

    def _rest_result(self, result: dict[str, Any], status: int, payload: Any, dag_id: str, via: str | None) -> None:
        result["status"] = status
        result["response"] = payload
        result["ok"] = 200 <= status < 300
        if not result["ok"]:
            # API v1 problems carry `detail`, or only a `title` ("DAGRun not found").
            detail = (payload.get("detail") or payload.get("title")) if isinstance(payload, dict) else payload
            result["error"] = str(detail)
        elif isinstance(payload, dict) and "dag_run_id" in payload:
            result["run_id"] = payload["dag_run_id"]
            if via is not None:  # a run this request made (not one it marked or cleared)
                self.triggered_via.setdefault((dag_id, payload["dag_run_id"]), via)

    def _asset_event(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        spec = event["asset_event"]
        uri = self.asset_uris.get(spec["asset"], spec["asset"])
        with create_session() as session:
            made = dataset_manager.register_dataset_change(
                dataset=Dataset(uri), extra=spec.get("extra") or {}, session=session
            )
        if made is None:
            result.update(ok=False, error=f"Dataset {uri} is not known to Airflow (no DAG mentions it)")

    def _pause(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        self._set_paused(str(event["dag_id"]), True, result)

    def _unpause(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        self._set_paused(str(event["dag_id"]), False, result)

    def _set_paused(self, dag_id: str, paused: bool, result: dict[str, Any]) -> None:
        # The UI's toggle and the REST API v1 both end in DagModel.set_is_paused; REST gives the status.
        status, payload = self.rest().call("PATCH", f"/api/v1/dags/{dag_id}", {"is_paused": paused})
        self._rest_result(result, status, payload, dag_id, None)
        self._status_only_when_refused(result)

    @staticmethod
    def _status_only_when_refused(result: dict[str, Any]) -> None:
        """Pause, clear and mark are scenario actions: Windtunnel reports a status only when refused."""
        if result["ok"]:
            result.update(status=None)
            result.pop("response", None)

    def _clear(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        # What the UI's clear does (the run goes back to queued): REST v1 with dry_run and reset explicit.
        spec = event["clear"]
        body: dict[str, Any] = {
            "dry_run": False,
            "dag_run_id": spec["run_id"],
            "only_failed": bool(spec.get("only_failed", False)),
            "reset_dag_runs": spec.get("dag_run_state", "queued") is not None,
        }
        # upstream/downstream/future/past: the same flags the UI's clear dialog sends.
        for key in ("upstream", "downstream", "future", "past"):
            if spec.get(key):
                body[f"include_{key}"] = True
        if spec.get("task_ids"):
            body["task_ids"] = spec["task_ids"]
        status, payload = self.rest().call("POST", f"/api/v1/dags/{spec['dag_id']}/clearTaskInstances", body)
        self._rest_result(result, status, payload, spec["dag_id"], None)
        self._status_only_when_refused(result)
        if result["ok"]:
            result["run_id"] = spec["run_id"]

    def _mark(self, event: dict[str, Any], result: dict[str, Any]) -> None:
        spec = event["mark"]
        base = f"/api/v1/dags/{spec['dag_id']}/dagRuns/{spec['run_id']}"
        if spec.get("task_id"):
            path, body = f"{base}/taskInstances/{spec['task_id']}", {"dry_run": False, "new_state": spec["state"]}
        else:
            path, body = base, {"state": spec["state"]}
        status, payload = self.rest().call("PATCH", path, body)
        self._rest_result(result, status, payload, spec["dag_id"], None)
        self._status_only_when_refused(result)
        if result["ok"]:
            result["run_id"] = spec["run_id"]
