"""Serialized Airflow values (epoch floats, seconds, relativedelta dicts, timedeltas) as scenario text."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any


def iso_instant(value: Any) -> str | None:
    """An epoch float or a datetime as `2025-01-01T00:00:00Z` (UTC, milliseconds only when non-zero)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        moment = dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    elif isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        moment = moment.astimezone(dt.UTC)
    else:
        return None
    text = f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def seconds_of(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def iso_seconds(seconds: float) -> str:
    """Seconds as an ISO 8601 duration: P1D, PT1H30M, PT0.5S, PT0S."""
    if seconds < 0:
        return "-" + iso_seconds(-seconds)
    whole = math.floor(seconds)
    frac = seconds - whole
    days, rest = divmod(int(whole), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    date = f"{days}D" if days else ""
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if secs or frac:
        s = f"{secs + frac:.3f}".rstrip("0").rstrip(".") if frac else str(secs)
        time += f"{s}S"
    if not date and not time:
        return "PT0S"
    return "P" + date + ("T" + time if time else "")


def iso_duration(value: Any) -> str | None:
    """A timedelta, seconds, or a serialized relativedelta ({"__type": "relativedelta", ...}) as ISO 8601."""
    if isinstance(value, dict) and value.get("__type") == "relativedelta":
        return _relativedelta(value.get("__var") or {})
    if type(value).__name__ == "relativedelta":
        return _relativedelta({k: getattr(value, k, 0) for k in
                               ("years", "months", "weeks", "days", "hours", "minutes", "seconds")})
    seconds = seconds_of(value)
    return None if seconds is None else iso_seconds(seconds)


def _relativedelta(parts: dict[str, Any]) -> str | None:
    if any(k in parts for k in ("year", "month", "day", "hour", "minute", "second", "weekday")):
        return None  # absolute fields: not a duration
    years, months = int(parts.get("years", 0)), int(parts.get("months", 0))
    days = int(parts.get("days", 0)) + 7 * int(parts.get("weeks", 0))
    hours, minutes, secs = int(parts.get("hours", 0)), int(parts.get("minutes", 0)), parts.get("seconds", 0)
    date = (f"{years}Y" if years else "") + (f"{months}M" if months else "") + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    if not date and not time:
        return "PT0S"
    return "P" + date + ("T" + time if time else "")


def plain(value: Any) -> Any:
    """A JSON-safe copy (Airflow values may hold datetimes, sets, enums, objects)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return iso_instant(value)
    if isinstance(value, dt.timedelta):
        return iso_seconds(value.total_seconds())
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return str(value)
