from airflow.sdk import BaseOperator, apply_defaults


class EmptyOperator(BaseOperator):
    def __init__(self, **kwargs):
        super().__init__(**apply_defaults(EmptyOperator, kwargs))
