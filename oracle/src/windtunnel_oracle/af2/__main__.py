"""`python -m windtunnel_oracle.af2 DIR`: replay one oracle-input folder through Airflow 2.11, print JSON.

Anything Airflow or a task prints goes to stderr, so stdout carries exactly one JSON object.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from . import replay


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m windtunnel_oracle.af2 DIR", file=sys.stderr)
        return 2
    try:
        with contextlib.redirect_stdout(sys.stderr):
            output = replay(Path(argv[0]))
    except Exception as err:
        print(json.dumps({"error": f"{type(err).__name__}: {err}"}), flush=True)
        return 1
    print(json.dumps(output), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
