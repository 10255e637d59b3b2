"""A serialized timetable ({"__type": class path, "__var": args}) -> the scenario's `schedule:` value.

Class names are matched by their last part so Airflow 2's and 3's module paths (and the sdk's) both work.
A timetable the scenario format has no form for raises Unsupported naming it.
"""

from __future__ import annotations

from typing import Any

from .assets import AssetBook, Unsupported, condition, schedule_assets
from .values import iso_duration


def _zero(text: str | None) -> bool:
    return text in (None, "PT0S")


def _cron_options(args: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    interval = iso_duration(args.get("interval", 0))
    if not _zero(interval):
        out["interval"] = interval
    run_immediately = args.get("run_immediately", False)
    if run_immediately is not False and run_immediately is not None:
        out["run_immediately"] = run_immediately if isinstance(run_immediately, bool) else iso_duration(run_immediately)
    return out


def schedule_of(serialized: Any, book: AssetBook) -> tuple[Any, str | None]:
    """(schedule value, the timetable's own timezone or None)."""
    if not isinstance(serialized, dict):
        raise Unsupported(f"timetable {serialized!r}")
    path = str(serialized.get("__type", ""))
    args = serialized.get("__var") or {}
    kind = path.rsplit(".", 1)[-1]
    tz = args.get("timezone") if isinstance(args.get("timezone"), str) else None
    if kind == "NullTimetable":
        return None, None
    if kind == "OnceTimetable":
        return "@once", None
    if kind == "ContinuousTimetable":
        return "@continuous", None
    if kind == "CronTriggerTimetable":
        return _cron_options(args, {"cron_trigger": args["expression"]}), tz
    if kind == "MultipleCronTriggerTimetable":
        return _cron_options(args, {"multiple_cron": list(args["expressions"])}), tz
    if kind == "CronDataIntervalTimetable":
        return {"cron_data_interval": args["expression"]}, tz
    if kind == "DeltaDataIntervalTimetable":
        return {"delta_data_interval": _delta(args.get("delta"))}, None
    if kind == "DeltaTriggerTimetable":
        out: dict[str, Any] = {"delta_trigger": _delta(args.get("delta"))}
        interval = iso_duration(args.get("interval", 0))
        if not _zero(interval):
            out["interval"] = interval
        return out, None
    if kind == "EventsTimetable":
        out = {"events": [str(d) for d in args.get("event_dates", [])]}
        if args.get("restrict_to_events"):
            out["restrict_to_events"] = True
        return out, None
    if kind in ("AssetTriggeredTimetable", "DatasetTriggeredTimetable"):
        cond = args.get("asset_condition", args.get("dataset_condition"))
        return {"assets": schedule_assets(condition(cond, book))}, None
    if kind in ("AssetOrTimeSchedule", "DatasetOrTimeSchedule"):
        cond = args.get("asset_condition", args.get("dataset_condition"))
        inner, inner_tz = schedule_of(args.get("timetable"), book)
        if inner is None or (isinstance(inner, dict) and "assets" in inner):
            raise Unsupported(f"{kind} around {args.get('timetable', {}).get('__type')}")
        return {"assets": schedule_assets(condition(cond, book)), "or_schedule": inner}, inner_tz
    raise Unsupported(f"timetable {path}")


def _delta(value: Any) -> str:
    text = iso_duration(value)
    if text is None:
        raise Unsupported(f"delta {value!r}")
    return text
