"""Airflow 2.11 path."""
from airflow.providers.standard.sensors.date_time import DateTimeSensor, DateTimeSensorAsync

__all__ = ["DateTimeSensor", "DateTimeSensorAsync"]
