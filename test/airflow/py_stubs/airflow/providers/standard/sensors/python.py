from airflow.providers.standard.sensors.base import BaseSensorOperator


class PythonSensor(BaseSensorOperator):
    _own_args = ("python_callable", "op_args", "op_kwargs", "templates_dict")

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None, **kwargs):
        assert callable(python_callable)
        super().__init__(**kwargs)
        self.python_callable = python_callable
        self.op_kwargs = op_kwargs or {}
