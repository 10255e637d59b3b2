#!/usr/bin/env python3
"""Renders test/security/template_escapes.json's escape payloads the way Airflow renders a task's
templated fields (its SandboxedEnvironment, StrictUndefined, the `do` extension, a file loader)
and prints {template: result} as JSON: the exact errors template_escapes.test.ts expects from
Windtunnel. Needs an Airflow 3 virtualenv:
  oracle/.venvs/3.1/bin/python test/security/template_escapes.py > test/security/template_escapes_expected.json
The "limits" payloads are not rendered here: Airflow would allocate gigabytes or loop for hours."""
import copy, json, logging, os, sys, tempfile
import jinja2
import airflow
from airflow.sdk.definitions._internal.templater import SandboxedEnvironment

logging.disable(logging.CRITICAL)
HERE = os.path.dirname(os.path.abspath(__file__))
cases = json.load(open(os.path.join(HERE, "template_escapes.json")))
folder = tempfile.mkdtemp()  # an empty DAG folder: templates find no files
env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"], cache_size=0, loader=jinja2.FileSystemLoader([folder]))
out = {}
for t in cases["escapes"]:
    try:
        out[t] = env.from_string(t).render(**copy.deepcopy(cases["context"]))
    except Exception as e:  # the renderer reports the first line of the error
        out[t] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".replace(folder, "<dags>")
json.dump({"airflow": airflow.__version__, "jinja2": jinja2.__version__, "python": sys.version.split()[0], "results": out}, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
sys.stdout.write("\n")
