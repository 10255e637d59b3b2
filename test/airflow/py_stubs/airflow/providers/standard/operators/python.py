from airflow.sdk import BaseOperator, apply_defaults


class PythonOperator(BaseOperator):
    def __new__(cls, **kwargs):
        obj = super().__new__(cls)
        obj._merged = apply_defaults(cls, kwargs)
        return obj

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None,
                 templates_exts=None, show_return_value_in_logs=True, **kwargs):
        merged = dict(self._merged)
        for k in ("python_callable", "op_args", "op_kwargs", "templates_dict", "templates_exts", "show_return_value_in_logs"):
            merged.pop(k, None)
        assert callable(python_callable)
        super().__init__(**merged)
        self.python_callable = python_callable
        self.op_kwargs = op_kwargs or {}


class BranchPythonOperator(PythonOperator):
    pass


class ShortCircuitOperator(PythonOperator):
    def __init__(self, *, ignore_downstream_trigger_rules=True, **kwargs):
        self._merged.pop("ignore_downstream_trigger_rules", None)
        super().__init__(**kwargs)
        self.args["ignore_downstream_trigger_rules"] = ignore_downstream_trigger_rules
