from airflow.sdk import BaseOperator, apply_defaults

NOTSET = object()


class TriggerDagRunOperator(BaseOperator):
    def __new__(cls, **kwargs):
        obj = super().__new__(cls)
        obj._merged = apply_defaults(cls, kwargs)
        return obj

    def __init__(self, *, trigger_dag_id, trigger_run_id=None, conf=None, logical_date=NOTSET,
                 reset_dag_run=False, wait_for_completion=False, poke_interval=60, allowed_states=None,
                 failed_states=None, skip_when_already_exists=False, fail_when_dag_is_paused=False,
                 openlineage_inject_parent_info=True, deferrable=False, note=None, **kwargs):
        merged = dict(self._merged)
        own = ("trigger_dag_id", "trigger_run_id", "conf", "logical_date", "reset_dag_run", "wait_for_completion",
               "poke_interval", "allowed_states", "failed_states", "skip_when_already_exists",
               "fail_when_dag_is_paused", "openlineage_inject_parent_info", "deferrable", "note")
        for k in own:
            merged.pop(k, None)
        super().__init__(**merged)
        self.trigger = {
            "dag_id": trigger_dag_id,
            "trigger_run_id": trigger_run_id,
            "conf": conf,
            "logical_date": "NOTSET" if logical_date is NOTSET else logical_date,
            "reset_dag_run": reset_dag_run,
            "wait_for_completion": wait_for_completion,
            "poke_interval": poke_interval,
            "allowed_states": allowed_states if allowed_states else ["success"],
            "failed_states": failed_states if failed_states is not None else ["failed"],
            "skip_when_already_exists": skip_when_already_exists,
            "fail_when_dag_is_paused": fail_when_dag_is_paused,
        }
