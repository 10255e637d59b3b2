"""A sensor of a loaded DAG -> the scenario's `operator: sensor` task (scenario key `sensor:`).

What export-dags writes comes back exactly: a PythonSensor calling `windtunnel_sensor_condition` (op_kwargs
`at`/`after`), an ExternalTaskSensor, and DateTimeSensorAsync (and export-dags' DateTimeSensorTimeoutAsync)
as mode deferrable. Any other sensor keeps its mode, interval, timeout and soft_fail, with a condition
the DAG file cannot say: it holds at the first poke (noted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .values import iso_duration, iso_instant, plain, seconds_of

Note = Callable[..., None]

CONDITION_CALLABLE = "windtunnel_sensor_condition"
DEFERRABLE_TYPES = ("DateTimeSensorAsync", "DateTimeSensorTimeoutAsync")
NEVER = "9999-12-31"
AFTER_TEMPLATE = re.compile(
    r"\{\{ \(dag_run\.run_after \+ macros\.timedelta\(seconds=([0-9.]+)\)\)\.isoformat\(\) \}\}")
DEFAULT_TIMEOUT_S = 7 * 24 * 3600.0


def is_sensor(original: Any) -> bool:
    if getattr(original, "_is_sensor", False):
        return True
    return all(hasattr(original, k) for k in ("poke_interval", "mode", "soft_fail"))


def read_sensor(original: Any, task_type: str, callable_name: str | None, op_kwargs: Any, where: list[Any],
                note: Note) -> dict[str, Any]:
    deferrable = task_type in DEFERRABLE_TYPES
    sensor: dict[str, Any] = {"mode": "deferrable" if deferrable else str(getattr(original, "mode", "poke"))}
    poke = seconds_of(getattr(original, "poke_interval", None))
    if poke is not None and poke != 60:
        sensor["poke_interval"] = iso_duration(poke)
    timeout = seconds_of(getattr(original, "timeout", None))
    if timeout is not None and timeout != DEFAULT_TIMEOUT_S:
        sensor["timeout"] = iso_duration(timeout)
    for key in ("soft_fail", "exponential_backoff"):
        if getattr(original, key, False):
            sensor[key] = True
    max_wait = seconds_of(getattr(original, "max_wait", None))
    if max_wait:
        sensor["max_wait"] = iso_duration(max_wait)
    if task_type == "ExternalTaskSensor":
        sensor["external"] = _external(original, where, note)
    elif deferrable:
        sensor["succeeds_at"] = _target(getattr(original, "target_time", None), where, note)
        if task_type == "DateTimeSensorAsync":
            # Its execute defers without a timeout: the trigger never times out.
            sensor.pop("timeout", None)
            note([*where, "sensor", "timeout"], "DateTimeSensorAsync defers without a timeout: simulated with the "
                 "sensor's timeout (7 days by default)")
    elif callable_name == CONDITION_CALLABLE and isinstance(op_kwargs, dict):
        if op_kwargs.get("at") is not None:
            sensor["succeeds_at"] = iso_instant(_parse(op_kwargs["at"]))
        elif op_kwargs.get("after") is not None:
            sensor["succeeds_at"] = {"after": iso_duration(float(op_kwargs["after"]))}
        else:
            sensor["succeeds_at"] = None
    else:
        sensor["succeeds_at"] = {"after": "PT0S"}
        note([*where, "sensor", "succeeds_at"], f"{task_type}: what it waits for is not in the DAG file; "
             "simulated as true at the first poke", "sensor conditions not in DAG files (true at the first poke)")
    return sensor


def _parse(text: str) -> Any:
    import pendulum

    return pendulum.parse(text)


def _target(value: Any, where: list[Any], note: Note) -> Any:
    if isinstance(value, str):
        m = AFTER_TEMPLATE.fullmatch(value.strip())
        if m:
            return {"after": iso_duration(float(m.group(1)))}
        if value.startswith(NEVER):
            return None
        if "{{" not in value:
            return iso_instant(_parse(value))
    elif value is not None and hasattr(value, "isoformat"):
        return iso_instant(value)
    note([*where, "sensor", "succeeds_at"], f"target_time {value!r} is a template this import cannot evaluate: "
         "simulated as true at once")
    return {"after": "PT0S"}


def _external(original: Any, where: list[Any], note: Note) -> dict[str, Any]:
    ext: dict[str, Any] = {"dag_id": getattr(original, "external_dag_id", None)}
    ids = list(getattr(original, "external_task_ids", None) or [])
    if len(ids) > 1:
        note([*where, "sensor", "external", "task_id"], f"waits on {len(ids)} external tasks: simulated as the first")
    ext["task_id"] = ids[0] if ids else getattr(original, "external_task_id", None)
    allowed = getattr(original, "allowed_states", None)
    if allowed:
        ext["allowed_states"] = sorted(plain(list(allowed)))
    failed = getattr(original, "failed_states", None)
    if failed:
        ext["failed_states"] = sorted(plain(list(failed)))
    delta = seconds_of(getattr(original, "execution_delta", None))
    if delta:
        ext["execution_delta"] = iso_duration(delta)
    if getattr(original, "execution_date_fn", None) is not None:
        note([*where, "sensor", "external"], "execution_date_fn is code: simulated as the same logical date")
    return ext
