"""Read a folder of real DAG files with the installed Airflow (DagBag + serialization) into a scenario.

`python -m windtunnel_oracle.import_dags DIR` prints one JSON object: the scenario as a plain dict,
notes on what could not be expressed or inferred (each with the scenario key path it is about), and the
folder's import errors as Airflow reported them. `windtunnel import-dags` turns that into YAML.
"""
