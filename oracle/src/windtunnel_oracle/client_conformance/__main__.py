"""`python -m windtunnel_oracle.client_conformance --base-url URL --token TOKEN`: one JSON object on stdout.

Each call is recorded as {"name", "status", "fields"}: the HTTP status the client saw and the body fields
that must agree between servers (values that depend on the wall clock or on ids are reduced to their
kind, e.g. "<datetime>"). The fixture is test/airflow_real/fixtures/client.yaml.
"""

from __future__ import annotations

import argparse
import json
import sys

from .calls import run_calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m windtunnel_oracle.client_conformance")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args(argv)
    records = run_calls(args.base_url, args.token)
    print(json.dumps({"calls": records}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
