"""The Airflow 3 driver (profiles 3.0, 3.1, 3.2, 3.3): Airflow's scheduler, task runner and APIs."""
