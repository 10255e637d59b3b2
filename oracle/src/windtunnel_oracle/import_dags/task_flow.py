"""Branch, short-circuit and setup/teardown tasks of a loaded DAG -> the scenario's task keys.

Tasks written by `windtunnel export-dags` carry the decision in op_kwargs (windtunnel_branch's
`branch` or `choose`, windtunnel_condition's `condition`); any other branch callable's choice is
code the simulation cannot run, so the branch becomes a seeded choice among its direct downstream
tasks, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Note = Callable[..., None]  # (path, text, kind=None)

BRANCH_TYPES = ("BranchPythonOperator", "_BranchPythonDecoratedOperator")
SHORT_CIRCUIT_TYPES = ("ShortCircuitOperator", "_ShortCircuitDecoratedOperator")
FLOW_CALLABLES = ("windtunnel_branch", "windtunnel_condition")


def read_task_flow(op: Any, original: Any, task_type: str, callable_name: str | None, op_kwargs: Any,
                   out: dict[str, Any], where: list[Any], note: Note) -> None:
    """Set operator/branch/condition/setup/teardown keys on `out` (the task's scenario mapping)."""
    kwargs = op_kwargs if isinstance(op_kwargs, dict) else {}
    exported = callable_name in FLOW_CALLABLES
    if task_type in BRANCH_TYPES:
        out["operator"] = "branch"
        if exported and kwargs.get("choose") is not None:
            out["branch"] = {"choose": kwargs["choose"]}
        elif exported:
            out["branch"] = str(kwargs.get("branch", ""))
        else:
            downstream = sorted(op.downstream_task_ids)
            out["branch"] = {"choose": downstream} if downstream else ""
            note([*where, "branch"], f"the branch callable {callable_name!r} decides at run time: simulated as a "
                 "seeded choice among the direct downstream tasks", "branch callables simulated as seeded choices")
    elif task_type in SHORT_CIRCUIT_TYPES:
        out["operator"] = "short_circuit"
        if exported:
            out["condition"] = str(kwargs.get("condition", "True"))
        else:
            out["condition"] = "True"
            note([*where, "condition"], f"the condition callable {callable_name!r} decides at run time: simulated as "
                 "true", "short-circuit callables simulated as true")
        # Not a serialized field: read from the operator the DAG file built.
        if getattr(original, "ignore_downstream_trigger_rules", True) is False:
            out["ignore_downstream_trigger_rules"] = False
    if getattr(op, "is_setup", False):
        out["setup"] = True
    if getattr(op, "is_teardown", False):
        out["teardown"] = True
        if getattr(op, "on_failure_fail_dagrun", False):
            out["on_failure_fail_dagrun"] = True
