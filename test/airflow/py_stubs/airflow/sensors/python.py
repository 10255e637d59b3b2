"""Airflow 2.11 path."""
from airflow.providers.standard.sensors.python import PythonSensor

__all__ = ["PythonSensor"]
