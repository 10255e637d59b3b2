from airflow.sdk import BaseOperator, apply_defaults

SENSOR_ARGS = ("poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff", "max_wait", "silent_fail",
               "never_fail")


class BaseSensorOperator(BaseOperator):
    """task-sdk BaseSensorOperator's own arguments (defaults of Airflow 3.1)."""

    def __new__(cls, **kwargs):
        obj = super().__new__(cls)
        obj._merged = apply_defaults(cls, kwargs)
        return obj

    def __init__(self, *, poke_interval=60, timeout=None, soft_fail=False, mode="poke", exponential_backoff=False,
                 max_wait=None, silent_fail=False, never_fail=False, **kwargs):
        merged = dict(self._merged)
        for k in (*SENSOR_ARGS, *getattr(self, "_own_args", ())):
            merged.pop(k, None)
        assert mode in ("poke", "reschedule"), mode
        super().__init__(**merged)
        self.sensor = {"mode": mode, "poke_interval": poke_interval, "timeout": timeout, "soft_fail": soft_fail,
                       "exponential_backoff": exponential_backoff, "max_wait": max_wait}

    def defer(self, *, trigger, method_name, kwargs=None, timeout=None):
        raise NotImplementedError("stub")
