"""One task of a loaded DAG -> the scenario's task mapping, with notes on what it could not express.

Scalars come from the deserialized operator (what the scheduler sees, defaults filled in); templated
field values and outlets from the serialized form. Tasks written by `windtunnel export-dags` carry their
scenario work (duration, outcome, returns, templates) in op_kwargs, which is read back here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .alias_outlets import ALIAS_CALLABLE, alias_of, read_alias_outlets
from .assets import AssetBook, Unsupported, asset_name
from .sensors import is_sensor, read_sensor
from .task_flow import FLOW_CALLABLES, read_task_flow
from .values import iso_duration, plain, seconds_of
from .xcom_mapping import xcom_expansion

Note = Callable[..., None]  # (path, text, kind=None)

EXPORTED_CALLABLE = "windtunnel_work"
EMPTY_TYPES = ("EmptyOperator", "DummyOperator")
TRIGGER_TYPES = ("TriggerDagRunOperator",)
# Template fields whose values are code or structures rather than text a simulation can render.
SKIP_TEMPLATES = ("op_args", "op_kwargs", "templates_dict", "env", "params", "conf", "trigger_dag_id",
                  "trigger_run_id", "logical_date", "wait_for_completion", "skip_when_already_exists")


def decode(value: Any) -> Any:
    """Undo the serializer's {"__type": "dict"/"tuple"/"set", "__var": ...} wrapping."""
    if isinstance(value, dict):
        if "__type" in value and "__var" in value and value["__type"] in ("dict", "tuple", "set", "list"):
            return decode(value["__var"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _weight_rule(ser: dict[str, Any]) -> str:
    value = ser.get("weight_rule")
    if value is None:
        return "downstream"
    if isinstance(value, str):
        return value
    kind = str(value.get("__type", value)).lower() if isinstance(value, dict) else str(value).lower()
    for rule in ("downstream", "upstream", "absolute"):
        if rule in kind:
            return rule
    raise Unsupported(f"weight_rule {value!r}")


def build_task(op: Any, original: Any, ser: dict[str, Any], where: list[Any], book: AssetBook,
               dag_ids: set[str], note: Note) -> dict[str, Any]:
    task_type = str(ser.get("task_type") or getattr(op, "task_type", type(op).__name__))
    out: dict[str, Any] = {"task_id": op.task_id}
    is_trigger = task_type in TRIGGER_TYPES
    if task_type in EMPTY_TYPES:
        out["operator"] = "empty"
    elif is_trigger:
        out["operator"] = "trigger_dagrun"
    else:
        out["operator"] = "python"
    upstream = sorted(op.upstream_task_ids)
    if upstream:
        out["upstream"] = upstream

    partial = getattr(original, "partial_kwargs", None) or {}
    fn = getattr(original, "python_callable", None) or partial.get("python_callable")
    callable_name = ser.get("python_callable_name") or getattr(fn, "__name__", None)
    op_kwargs = decode(ser.get("op_kwargs")) if isinstance(ser.get("op_kwargs"), (dict, list)) else None
    mapped = _mapped_values(original)
    if mapped is not None:
        _read_mapping(mapped, callable_name == EXPORTED_CALLABLE, out, where, note)
    over_xcom = xcom_expansion(original) if mapped is None else None
    if over_xcom is not None:
        out["expand"] = {over_xcom[0]: {"xcom": over_xcom[1]}}
        if op_kwargs is None and isinstance(partial.get("op_kwargs"), dict):
            op_kwargs = plain(partial["op_kwargs"])  # @task(...).partial(<work>).expand(...)
    sensor = is_sensor(original) and not is_trigger
    if sensor:
        out["operator"] = "sensor"
        out["sensor"] = read_sensor(original, task_type, callable_name, op_kwargs, where, note)
    elif callable_name in (EXPORTED_CALLABLE, ALIAS_CALLABLE, *FLOW_CALLABLES) and isinstance(op_kwargs, dict):
        _read_exported_work(op_kwargs, out)
    elif callable_name == EXPORTED_CALLABLE and mapped is not None:
        pass  # the work was read from the first map index
    elif out["operator"] == "python":
        out["duration"] = "PT1M"
        note([*where, "duration"], f"default: how long a {task_type} runs is not in the DAG file",
             "default duration and outcome (not in DAG files)")
        out["outcome"] = "success"
        note([*where, "outcome"], "default", "default duration and outcome (not in DAG files)")
        templates = _templates(ser)
        if templates:
            out["templates"] = templates

    read_task_flow(op, original, task_type, callable_name, op_kwargs, out, where, note)
    out["trigger_rule"] = plain(getattr(op, "trigger_rule", "all_success"))
    for key in ("depends_on_past", "wait_for_downstream", "ignore_first_depends_on_past", "retries",
                "pool", "pool_slots", "priority_weight", "max_active_tis_per_dag", "max_active_tis_per_dagrun"):
        if hasattr(op, key):
            out[key] = plain(getattr(op, key))
    backoff = getattr(op, "retry_exponential_backoff", False)
    out["retry_exponential_backoff"] = bool(backoff)
    if not isinstance(backoff, bool) and backoff not in (0, 1):
        note([*where, "retry_exponential_backoff"], f"the DAG sets a backoff multiplier of {backoff}; simulated as 2")
    for key in ("retry_delay", "max_retry_delay"):
        seconds = seconds_of(getattr(op, key, None))
        out[key] = iso_duration(seconds) if seconds is not None else None
    timeout = seconds_of(getattr(op, "execution_timeout", None))
    if timeout is not None:
        out["execution_timeout"] = iso_duration(timeout)
    try:
        out["weight_rule"] = _weight_rule(ser)
    except Unsupported as err:
        note([*where, "weight_rule"], f"{err}: a custom priority strategy, simulated as downstream")
        out["weight_rule"] = "downstream"

    outlets: list[str] = []
    aliases: list[str] = []
    for value in ser.get("outlets") or []:
        if (alias := alias_of(value)) is not None:
            aliases.append(alias)
            continue
        try:
            outlets.append(asset_name(value, book))
        except Unsupported as err:
            note([*where, "task_id"], f"outlet not simulated: {err}")
    if outlets:
        out["outlets"] = outlets
    read_alias_outlets(aliases, callable_name, op_kwargs, book, out, where, note)

    if is_trigger:
        _trigger(original, ser, out, where, dag_ids, note)
    if mapped is None and over_xcom is None and (ser.get("_is_mapped") or "Mapped" in type(op).__name__):
        note([*where, "task_id"], "mapped over an upstream's output (expanded at run time): simulated as "
             "one task instance", "mapped tasks over upstream outputs simulated as one task instance")
    exported = callable_name in (EXPORTED_CALLABLE, ALIAS_CALLABLE, *FLOW_CALLABLES)
    if task_type not in EMPTY_TYPES and not is_trigger and not sensor and not exported:
        note([*where, "operator"], f"{task_type} ({ser.get('_task_module', '?')}), simulated as timed work",
             "operators simulated as timed work")
    return out


WORK_KEYS = ("duration", "outcome", "returns", "templates")


def _mapped_values(original: Any) -> dict[str, list[Any]] | None:
    """A mapped task's literal expansion (DictOfListsExpandInput.value), or None.

    Expansions over an upstream's XCom are decided at run time and are not literal lists."""
    expand_input = getattr(original, "expand_input", None)
    value = getattr(expand_input, "value", None)
    if not isinstance(value, dict) or not value:
        return None
    if not all(isinstance(v, (list, tuple)) for v in value.values()):
        return None
    return {str(k): list(v) for k, v in value.items()}


def _read_mapping(mapped: dict[str, list[Any]], exported: bool, out: dict[str, Any], where: list[Any],
                  note: Note) -> None:
    """export-dags writes .expand(op_kwargs=[work + the index's arguments, ...]): the work comes back
    from the first index and the arguments as expand_kwargs; any other literal expansion keeps its lists."""
    per_index = mapped.get("op_kwargs")
    dicts = per_index is not None and all(isinstance(k, dict) for k in per_index)
    if exported and list(mapped) == ["op_kwargs"] and per_index is not None and dicts:
        if per_index:
            _read_exported_work(per_index[0], out)
        out["expand_kwargs"] = [{k: plain(v) for k, v in kw.items() if k not in WORK_KEYS} for kw in per_index]
        return
    out["expand"] = {k: [plain(v) for v in values] for k, values in mapped.items()}
    note([*where, "expand"], "mapped over literal lists: each map index is simulated as timed work")


def _read_exported_work(kwargs: dict[str, Any], out: dict[str, Any]) -> None:
    duration = kwargs.get("duration")
    if isinstance(duration, list) and len(duration) == 2:
        out["duration"] = {"uniform": [iso_duration(duration[0]), iso_duration(duration[1])]}
    elif duration is not None:
        out["duration"] = iso_duration(duration)
    if "outcome" in kwargs:
        out["outcome"] = kwargs["outcome"]
    if kwargs.get("returns") is not None:
        out["returns"] = kwargs["returns"]
    if kwargs.get("templates"):
        out["templates"] = kwargs["templates"]


def _templates(ser: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ser.get("template_fields") or []:
        value = ser.get(name)
        if name in SKIP_TEMPLATES or not isinstance(value, str) or not value.strip():
            continue
        found[name] = value
    return found


def _trigger(original: Any, ser: dict[str, Any], out: dict[str, Any], where: list[Any], dag_ids: set[str],
             note: Note) -> None:
    target = ser.get("trigger_dag_id", getattr(original, "trigger_dag_id", None))
    if not isinstance(target, str) or target not in dag_ids:
        out["operator"] = "python"
        out["duration"] = "PT1M"
        note([*where, "operator"], f"TriggerDagRunOperator target {target!r} is not a DAG in this folder "
             "(or is templated): simulated as plain work")
        return
    trig: dict[str, Any] = {"dag_id": target}
    conf = decode(ser.get("conf", getattr(original, "conf", None)))
    if conf:
        trig["conf"] = plain(conf)
    logical = ser.get("logical_date", getattr(original, "logical_date", "NOTSET"))
    if logical is None:
        trig["logical_date"] = None
    elif isinstance(logical, str) and logical != "NOTSET" and "ArgNotSet" not in logical:
        trig["logical_date"] = logical
    for key in ("trigger_run_id", "wait_for_completion", "reset_dag_run", "skip_when_already_exists"):
        value = ser.get(key, getattr(original, key, None))
        if value not in (None, False):
            trig[key] = plain(value)
    poke = seconds_of(getattr(original, "poke_interval", None))
    if poke is not None and poke != 60:
        trig["poke_interval"] = iso_duration(poke)
    for key in ("allowed_states", "failed_states"):
        value = getattr(original, key, None)
        if value:
            trig[key] = sorted(plain(list(value)))
    out["trigger"] = trig
