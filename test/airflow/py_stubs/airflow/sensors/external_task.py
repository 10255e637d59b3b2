from airflow.providers.standard.sensors.external_task import ExternalTaskSensor  # noqa: F401 (Airflow 2.11's path)
