"""Execute exported DAG files against the stubs and print what Airflow would have received (JSON)."""
import json
import runpy
import sys
from datetime import timedelta

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import airflow.sdk as sdk  # noqa: E402


def schedule_of(s):
    if s is None or isinstance(s, str):
        return s
    if hasattr(s, "d"):
        return s.d
    return s.describe()


out = []
for path in sys.argv[1:]:
    before = len(sdk.DAGS)
    module = runpy.run_path(path, run_name="dag_file")
    for dag in sdk.DAGS[before:]:
        tasks = []
        for t in dag.tasks:
            entry = {"task_id": t.task_id, "class": type(t).__name__, "args": t.args, "upstream": t.upstream}
            if hasattr(t, "op_kwargs"):
                entry["op_kwargs"] = t.op_kwargs
            if hasattr(t, "trigger"):
                entry["trigger"] = t.trigger
            tasks.append(entry)
        out.append({
            "file": path,
            "dag_id": dag.dag_id,
            "schedule": schedule_of(dag.schedule),
            "start_date": None if dag.start_date is None else dag.start_date.timestamp(),
            "end_date": None if dag.end_date is None else dag.end_date.timestamp(),
            "timezone": None if dag.start_date is None else str(dag.start_date.tzinfo),
            "catchup": dag.catchup,
            "is_paused_upon_creation": dag.is_paused_upon_creation,
            "max_active_runs": dag.max_active_runs,
            "max_active_tasks": dag.max_active_tasks,
            "max_consecutive_failed_dag_runs": dag.max_consecutive_failed_dag_runs,
            "dagrun_timeout": None if dag.dagrun_timeout is None else dag.dagrun_timeout.total_seconds(),
            "params": dag.params,
            "tasks": tasks,
            "has_work": "windtunnel_work" in module,
        })
print(json.dumps(out, indent=1, default=str))
