"""Pieces that do not import Airflow: scenario input, output shape, database, virtual clock."""
