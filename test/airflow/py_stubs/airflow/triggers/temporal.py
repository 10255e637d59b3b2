from airflow.providers.standard.triggers.temporal import DateTimeTrigger  # noqa: F401 (Airflow 2.11's path)
