from airflow.providers.standard.sensors.base import BaseSensorOperator


class ExternalTaskSensor(BaseSensorOperator):
    _own_args = ("external_dag_id", "external_task_id", "external_task_ids", "external_task_group_id",
                 "allowed_states", "skipped_states", "failed_states", "execution_delta", "execution_date_fn",
                 "check_existence", "poll_interval", "deferrable")

    def __init__(self, *, external_dag_id, external_task_id=None, external_task_ids=None,
                 external_task_group_id=None, allowed_states=None, skipped_states=None, failed_states=None,
                 execution_delta=None, execution_date_fn=None, check_existence=False, poll_interval=2.0,
                 deferrable=False, **kwargs):
        super().__init__(**kwargs)
        self.external = {"dag_id": external_dag_id, "task_id": external_task_id, "allowed_states": allowed_states,
                         "failed_states": failed_states, "execution_delta": execution_delta}
