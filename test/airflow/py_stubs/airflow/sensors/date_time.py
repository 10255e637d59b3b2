from airflow.providers.standard.sensors.date_time import DateTimeSensor, DateTimeSensorAsync  # noqa: F401 (Airflow 2.11's path)
