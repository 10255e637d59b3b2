#!/usr/bin/env python3
"""Renders test/templates/jinja_cases.json's templates with real Jinja2 (StrictUndefined, as Airflow
renders templated fields) and prints {template: result} as JSON: the expected outputs that
jinja_fidelity.test.ts compares Windtunnel's renderer against. Regenerate the fixture with
  python3 test/templates/jinja_cases.py > test/templates/jinja_expected.json
Errors are given as "<ExceptionName>: <message>"."""
import json, os, sys
import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
cases = json.load(open(os.path.join(HERE, "jinja_cases.json")))
env = jinja2.Environment(undefined=jinja2.StrictUndefined, cache_size=0)
out = {}
for c in cases["templates"]:
    try:
        out[c] = env.from_string(c).render(**cases["context"])
    except Exception as e:  # the renderer reports the first line of the error
        out[c] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
json.dump({"jinja2": jinja2.__version__, "python": sys.version.split()[0], "results": out}, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
sys.stdout.write("\n")
