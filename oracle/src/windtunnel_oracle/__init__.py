"""Windtunnel's real-Airflow oracle: replay a scenario through an installed Airflow's own code."""

__version__ = "0.1.0"
