"""Tasks mapped over an upstream's XCom -> `expand: {arg: {xcom: source}}`.

Airflow decides such a task's length when the source succeeds, from the list it returned, so the
scenario's source must return a list: a task written by `windtunnel export-dags` carries its list in
op_kwargs["returns"]; any other source gets a default list of three items, marked in a comment.
Expansions the format cannot express (several arguments, XComArg.map/zip/concat, keys other than
return_value, a mapped source) stay one simulated task instance, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Note = Callable[..., None]

DEFAULT_ITEMS = [0, 1, 2]


def _expand_input(original: Any) -> Any:
    """The mapped operator's expand input: op_kwargs_expand_input for @task, expand_input otherwise."""
    attr = getattr(original, "_expand_input_attr", None) or "expand_input"
    return getattr(original, attr, None)


def xcom_expansion(original: Any) -> tuple[str, str] | None:
    """(argument, source task_id) for `.expand(arg=source.output)`, or None."""
    value = getattr(_expand_input(original), "value", None)
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (arg, ref), = value.items()
    if type(ref).__name__ != "PlainXComArg" or getattr(ref, "key", None) != "return_value":
        return None
    source = getattr(getattr(ref, "operator", None), "task_id", None)
    return (str(arg), source) if isinstance(source, str) else None


def link_sources(tasks: list[dict[str, Any]], where: list[Any], note: Note) -> None:
    """Give each source a list to return, or fall back to one task instance when that is impossible."""
    by_id = {t["task_id"]: (i, t) for i, t in enumerate(tasks)}
    for i, task in enumerate(tasks):
        expand = task.get("expand")
        if not isinstance(expand, dict) or len(expand) != 1:
            continue
        ((arg, ref),) = expand.items()
        if not isinstance(ref, dict) or "xcom" not in ref:
            continue
        s_index, source = by_id.get(ref["xcom"], (None, None))
        mapped_source = source is not None and ("expand" in source or "expand_kwargs" in source)
        if source is None or source.get("operator", "python") != "python" or mapped_source:
            del task["expand"]
            note([*where, "tasks", i, "task_id"], "mapped over an upstream's output the format cannot express "
                 "(the source is mapped or not a python task): simulated as one task instance",
                 "mapped tasks over upstream outputs simulated as one task instance")
            continue
        if not isinstance(source.get("returns"), list):
            source["returns"] = list(DEFAULT_ITEMS)
            note([*where, "tasks", s_index, "returns"], f"default: what {source['task_id']} returns is decided when it "
                 f"runs; {len(DEFAULT_ITEMS)} items, so {task['task_id']} maps {arg} over 3 instances",
                 "default list returned by sources of XCom mappings (3 items)")
