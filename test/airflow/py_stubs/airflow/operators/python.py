# Airflow 2.11 location of the standard operators (profile "2" exports).
from airflow.providers.standard.operators.python import (  # noqa: F401
    BranchPythonOperator,
    PythonOperator,
    ShortCircuitOperator,
)
