"""`python -m windtunnel_oracle.import_dags DIR... [--name NAME] [--profile P]`: one JSON line per DIR.

Several folders share one Airflow import (the slow part), as the export round-trip tests do.

Exit 0 whenever the folder could be read, even with import errors (they are in the answer); exit 1 with
{"error": ...} when Airflow itself could not be loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import traceback

from .bag import load_folder
from .scenario import build_scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m windtunnel_oracle.import_dags")
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--name", default="imported-dags")
    parser.add_argument("--profile", default="3.3")
    args = parser.parse_args(argv)
    out = sys.stdout
    status = 0
    for path in args.folders:
        try:
            # DAG files may print at import time: keep stdout for the JSON answers.
            with contextlib.redirect_stdout(sys.stderr):
                folder = load_folder(path)
                answer = build_scenario(folder, name=args.name, profile=args.profile)
        except Exception as err:
            traceback.print_exc(file=sys.stderr)
            print(json.dumps({"error": f"{type(err).__name__}: {err}"}), file=out, flush=True)
            status = 1
            continue
        print(json.dumps(answer, default=str), file=out, flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
