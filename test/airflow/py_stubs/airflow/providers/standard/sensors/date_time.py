from airflow.providers.standard.sensors.base import BaseSensorOperator


class DateTimeSensor(BaseSensorOperator):
    _own_args = ("target_time",)

    def __init__(self, *, target_time, **kwargs):
        super().__init__(**kwargs)
        self.target_time = target_time


class DateTimeSensorAsync(DateTimeSensor):
    _own_args = ("target_time", "start_from_trigger", "end_from_trigger", "trigger_kwargs")

    def __init__(self, *, start_from_trigger=False, end_from_trigger=False, trigger_kwargs=None, **kwargs):
        super().__init__(**kwargs)
