"""Drive an Airflow REST API v2 server with the official `apache-airflow-client` (PyPI) and record answers.

`python -m windtunnel_oracle.client_conformance --base-url URL --token T` runs the same calls against
`windtunnel serve` and a real api-server; the two JSON records are compared by the conformance test.
"""
