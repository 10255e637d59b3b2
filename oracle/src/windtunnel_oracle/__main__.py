"""`python -m windtunnel_oracle replay DIR` (one JSON object on stdout) and `serve` (JSON lines).

Errors: `replay` exits 1 with {"error": "..."} on stdout and the details on stderr; `serve` answers
{"id": n, "error": "..."} and goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import traceback
from typing import Any


def _error_text(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0] if "\n" in text and len(text) > 500 else text


def _replay(folder: str) -> int:
    from .common.scenario import read_input
    from .oracle_process import Oracle

    try:
        read_input(folder)  # a bad input fails before Airflow's import cost
        with contextlib.redirect_stdout(sys.stderr):
            oracle = Oracle()
            output = oracle.replay(folder)
    except Exception as err:
        traceback.print_exc(file=sys.stderr)
        print(json.dumps({"error": _error_text(err)}), flush=True)
        return 1
    print(json.dumps(output), flush=True)
    return 0


def _serve() -> int:
    from .oracle_process import Oracle

    out = sys.stdout
    try:
        with contextlib.redirect_stdout(sys.stderr):
            oracle = Oracle()
    except Exception as err:
        traceback.print_exc(file=sys.stderr)
        print(json.dumps({"id": None, "error": _error_text(err)}), file=out, flush=True)
        return 1
    print(json.dumps({"id": None, "ready": True, "airflow_version": oracle.airflow.version}), file=out, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request_id: Any = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            if "replay" not in request:
                raise ValueError('a request is {"id": n, "replay": DIR}')
            with contextlib.redirect_stdout(sys.stderr):
                output = oracle.replay(request["replay"])
            response: dict[str, Any] = {"id": request_id, "output": output}
        except Exception as err:
            traceback.print_exc(file=sys.stderr)
            response = {"id": request_id, "error": _error_text(err)}
        print(json.dumps(response), file=out, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m windtunnel_oracle",
                                     description="Replay Windtunnel scenarios through a real Airflow")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("replay", help="replay one oracle-input folder; print the run output as JSON")
    p.add_argument("folder")
    sub.add_parser("serve", help='JSON lines on stdin/stdout: {"id": n, "replay": DIR}')
    args = parser.parse_args(argv)
    if args.command == "replay":
        return _replay(args.folder)
    return _serve()


if __name__ == "__main__":
    sys.exit(main())
