from airflow.providers.standard.sensors.python import PythonSensor  # noqa: F401 (Airflow 2.11's path)
