"""Asset aliases among a task's outlets (Airflow 3 AssetAlias) -> the scenario's `alias_outlets`.

What a task adds through an alias is decided by its code at run time. A task written by `windtunnel
export-dags` (windtunnel_alias_work) carries it in op_kwargs["alias_adds"] as [alias, name, uri]
triples, which come back exactly; for any other task each alias is kept with no events added, and a
note says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .assets import AssetBook

ALIAS_CALLABLE = "windtunnel_alias_work"


def alias_of(value: Any) -> str | None:
    """The alias name of one serialized outlet, or None when it is not an Airflow 3 AssetAlias."""
    if not isinstance(value, dict):
        return None
    raw = value.get("__type", "")
    kind = str(getattr(raw, "value", raw))
    inner = value.get("__var")
    body: dict[str, Any] = inner if isinstance(inner, dict) else value
    return str(body.get("name")) if kind == "asset_alias" and body.get("name") else None


def read_alias_outlets(aliases: list[str], callable_name: str | None, op_kwargs: Any, book: AssetBook,
                       out: dict[str, Any], where: list[Any], note: Callable[..., None]) -> None:
    if not aliases:
        return
    if out.get("operator") != "python":
        note([*where, "task_id"], f"outlet aliases {', '.join(aliases)} not simulated: only a python task adds events "
             "through an alias here", "asset aliases on non-python tasks not simulated")
        return
    adds: dict[str, list[str]] = {a: [] for a in aliases}
    triples = op_kwargs.get("alias_adds") if callable_name == ALIAS_CALLABLE and isinstance(op_kwargs, dict) else None
    if isinstance(triples, list):
        for item in triples:
            if isinstance(item, (list, tuple)) and len(item) == 3 and str(item[0]) in adds:
                name = book.add(str(item[1]), str(item[2]))
                if name not in adds[str(item[0])]:
                    adds[str(item[0])].append(name)
    else:
        note([*where, "alias_outlets"], "the assets this task adds through its aliases are decided by its code at "
             "run time: simulated as adding none", "asset alias events decided at run time (simulated as none)")
    out["alias_outlets"] = [{"alias": a, "adds": names} for a, names in adds.items()]
