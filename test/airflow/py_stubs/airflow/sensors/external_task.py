"""Airflow 2.11 path."""
from airflow.providers.standard.sensors.external_task import ExternalTaskSensor

__all__ = ["ExternalTaskSensor"]
