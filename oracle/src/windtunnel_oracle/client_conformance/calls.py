"""The calls, in order, through the official client: auth, DAGs, trigger, runs, task instances, asset
events, backfills and their errors. Only endpoints `windtunnel serve` implements are called."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

MANUAL = "conformance_manual"
DAILY = "conformance_daily"
RUN_ID = "conformance_run_1"


def _kind(value: Any) -> Any:
    """Values that depend on the wall clock become their kind; others stay for comparison."""
    if isinstance(value, dt.datetime):
        return "<datetime>"
    if isinstance(value, dict):
        return {k: _kind(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_kind(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # the client's enums
        return value.value
    return value


def _fields(model: Any, keep: tuple[str, ...]) -> dict[str, Any]:
    data = model.to_dict() if hasattr(model, "to_dict") else dict(model)
    return {k: _kind(data.get(k)) for k in keep}


def run_calls(base_url: str, token: str) -> list[dict[str, Any]]:
    import airflow_client.client as ac
    from airflow_client.client.api import asset_api, backfill_api, dag_api, dag_run_api, task_instance_api, version_api
    from airflow_client.client.exceptions import ApiException

    def client(bearer: str | None) -> Any:
        conf = ac.Configuration(host=base_url.rstrip("/"))
        if bearer is not None:
            conf.access_token = bearer
        return ac.ApiClient(conf)

    good, bad, none = client(token), client("not-a-valid-token"), client(None)
    records: list[dict[str, Any]] = []

    def call(name: str, fn: Callable[[], Any], keep: tuple[str, ...] = (),
             summarize: Callable[[Any], Any] | None = None) -> Any:
        try:
            result = fn()
            fields = summarize(result) if summarize else _fields(result, keep) if keep else {}
            records.append({"name": name, "status": 200, "fields": fields})
            return result
        except ApiException as err:
            body: Any = None
            try:
                body = json.loads(err.body) if err.body else None
            except ValueError:
                body = err.body
            detail = body.get("detail") if isinstance(body, dict) else body
            shape = type(detail).__name__ if not isinstance(detail, str) else "str"
            records.append({"name": name, "status": err.status, "fields": {"detail_type": shape}})
            return None
        except Exception as err:  # the client refused the answer (a response its models cannot read)
            text = str(err).splitlines()
            missing = sorted({ln.strip() for ln in text[1:] if ln and not ln.startswith(" ")})
            records.append({"name": name, "status": "client could not read the answer",
                            "fields": {"error": type(err).__name__, "fields": missing}})
            return None

    run_fields = ("dag_run_id", "dag_id", "run_type", "state", "conf", "logical_date", "triggered_by",
                  "data_interval_start", "data_interval_end", "run_after", "queued_at")
    call("version", lambda: version_api.VersionApi(none).get_version(), ("version",),
         lambda v: {"version": str(v.version).split(".")[0]})
    call("auth: no token", lambda: dag_api.DAGApi(none).get_dags())
    call("auth: bad token", lambda: dag_api.DAGApi(bad).get_dags())
    call("list dags", lambda: dag_api.DAGApi(good).get_dags(),
         summarize=lambda r: {"dag_ids": sorted(d.dag_id for d in r.dags), "total_entries": r.total_entries})
    call("get dag", lambda: dag_api.DAGApi(good).get_dag(MANUAL), ("dag_id", "is_paused", "timetable_summary"))
    call("get dag: missing", lambda: dag_api.DAGApi(good).get_dag("no_such_dag"))
    body = ac.TriggerDAGRunPostBody(dag_run_id=RUN_ID, logical_date=None, conf={"n": 1})
    call("trigger", lambda: dag_run_api.DagRunApi(good).trigger_dag_run(MANUAL, body), run_fields)
    call("trigger: duplicate run id", lambda: dag_run_api.DagRunApi(good).trigger_dag_run(MANUAL, body))
    call("trigger: missing dag", lambda: dag_run_api.DagRunApi(good).trigger_dag_run("no_such_dag", body))
    call("trigger: no run id", lambda: dag_run_api.DagRunApi(good).trigger_dag_run(
        MANUAL, ac.TriggerDAGRunPostBody(logical_date=None)), ("run_type", "state", "conf", "logical_date"))
    # Its state by now depends on wall-clock scheduling: compared as trigger's answer, without state.
    call("get run", lambda: dag_run_api.DagRunApi(good).get_dag_run(MANUAL, RUN_ID),
         tuple(f for f in run_fields if f != "state"))
    call("get run: missing", lambda: dag_run_api.DagRunApi(good).get_dag_run(MANUAL, "no_such_run"))
    call("list runs", lambda: dag_run_api.DagRunApi(good).get_dag_runs(MANUAL),
         summarize=lambda r: {"total_entries": r.total_entries,
                              "run_types": sorted(_kind(x.run_type) for x in r.dag_runs)})
    call("list task instances", lambda: task_instance_api.TaskInstanceApi(good).get_task_instances(MANUAL, RUN_ID),
         summarize=lambda r: {"task_ids": sorted(t.task_id for t in r.task_instances),
                              "total_entries": r.total_entries})
    call("list task instances: missing run",
         lambda: task_instance_api.TaskInstanceApi(good).get_task_instances(MANUAL, "no_such_run"))
    call("asset events", lambda: asset_api.AssetApi(good).get_asset_events(),
         summarize=lambda r: {"fields": sorted(r.to_dict().keys())})
    call("create asset event: missing asset", lambda: asset_api.AssetApi(good).create_asset_event(
        ac.CreateAssetEventsBody(asset_id=987654, extra={})))
    window = {"from_date": dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "to_date": dt.datetime(2025, 1, 3, tzinfo=dt.UTC)}
    call("backfill dry run", lambda: backfill_api.BackfillApi(good).create_backfill_dry_run(
        ac.BackfillPostBody(dag_id=DAILY, **window)),
        summarize=lambda r: {"total_entries": r.total_entries,
                             "logical_dates": [_kind(b.logical_date) for b in r.backfills]})
    call("backfill", lambda: backfill_api.BackfillApi(good).create_backfill(
        ac.BackfillPostBody(dag_id=DAILY, max_active_runs=2, **window)),
        ("dag_id", "from_date", "to_date", "max_active_runs", "reprocess_behavior", "is_paused"))
    call("backfill: unscheduled dag", lambda: backfill_api.BackfillApi(good).create_backfill(
        ac.BackfillPostBody(dag_id=MANUAL, **window)))
    call("backfill: missing dag", lambda: backfill_api.BackfillApi(good).create_backfill(
        ac.BackfillPostBody(dag_id="no_such_dag", **window)))
    return records
