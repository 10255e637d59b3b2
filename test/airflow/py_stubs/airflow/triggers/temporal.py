"""Airflow 2.11 path."""
from airflow.providers.standard.triggers.temporal import DateTimeTrigger

__all__ = ["DateTimeTrigger"]
