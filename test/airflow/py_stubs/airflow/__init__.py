# Airflow 2.11 spells it `from airflow import DAG` (profile "2" exports); same signature stand-in.
from airflow.sdk import DAG  # noqa: F401
