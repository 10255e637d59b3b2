// The Python stand-in for a task's work, shared by every exported DAG file with python tasks.
// PythonOperator renders op_kwargs with the task's context before calling it, so templates,
// `returns` and a fail_if outcome arrive rendered, and an undefined name fails the try before any
// work, as in the simulator.

export const WORK_FUNCTION = `FALSE_TEXTS = ("", "False", "false", "0", "None")


def windtunnel_work(duration, outcome="success", returns=None, templates=None, **context):
    """Stand-in for the task's real work: sleep for its duration, end as its outcome says.

    duration: seconds, or [min, max] drawn per try from SCENARIO_SEED.
    outcome: "success" | "failed" | "skipped" | {"fail_tries": N} | {"fail_if": rendered text}.
    returns: the rendered \`returns\` template, pushed as XCom return_value.
    templates: the scenario's templated fields, rendered by Airflow (see Rendered Template).
    """
    ti = context["ti"]
    for name, text in (templates or {}).items():
        print(f"rendered {name}: {text}")
    if isinstance(duration, list):
        # The simulator draws from its own sequence; this draw is reproducible per try instead.
        seed = f"{SCENARIO_SEED}:{ti.dag_id}:{ti.run_id}:{ti.task_id}:{ti.try_number}"
        duration = random.Random(seed).uniform(duration[0], duration[1])
    time.sleep(duration)
    if outcome == "failed":
        raise AirflowException("outcome: failed")
    if outcome == "skipped":
        raise AirflowSkipException("outcome: skipped")
    if isinstance(outcome, dict) and ti.try_number <= outcome.get("fail_tries", 0):
        raise AirflowException(f"outcome: fail_tries {outcome['fail_tries']} (try {ti.try_number})")
    if isinstance(outcome, dict) and str(outcome.get("fail_if", "")) not in FALSE_TEXTS:
        raise AirflowException(f"outcome: fail_if rendered {outcome['fail_if']!r}")
    return returns
`;

export const WORK_IMPORTS = [
  'import random',
  'import time',
  'from airflow.exceptions import AirflowException, AirflowSkipException',
  'from airflow.providers.standard.operators.python import PythonOperator',
];
