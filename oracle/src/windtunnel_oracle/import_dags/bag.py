"""Load a DAG folder with the installed Airflow's own DagBag and serialize every DAG as the scheduler would.

Airflow is imported only after the environment points it at a throwaway AIRFLOW_HOME, so reading a
folder never touches a user's configuration or metadata database.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ImportError_:
    file: str
    line: int | None
    message: str
    traceback: str


@dataclass
class LoadedDag:
    dag_id: str
    fileloc: str
    dag: Any  # the DAG object the file built
    serialized: dict[str, Any]  # the "dag" part of the serialized form
    deserialized: Any  # what the scheduler gets back from that form
    error: str | None = None


@dataclass
class Folder:
    path: str
    airflow_version: str
    files_seen: int
    dags: list[LoadedDag] = field(default_factory=list)
    import_errors: list[ImportError_] = field(default_factory=list)


def _configure(folder: str) -> str:
    home = tempfile.mkdtemp(prefix="wt-import-dags-")
    os.environ.update({
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__DAGS_FOLDER": folder,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/unused.db",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
        "AIRFLOW__METRICS__STATSD_ON": "False",
        "AIRFLOW__TRACES__OTEL_ON": "False",
    })
    return home


def _dagbag_class() -> Any:
    try:
        from airflow.dag_processing.dagbag import DagBag  # 3.2+
    except ImportError:
        from airflow.models.dagbag import DagBag  # 2.x, 3.0, 3.1
    return DagBag


def _serializer() -> Any:
    try:
        from airflow.serialization.serialized_objects import DagSerialization  # 3.2+
        return DagSerialization
    except ImportError:
        from airflow.serialization.serialized_objects import SerializedDAG
        return SerializedDAG


def _timetable_encoder() -> Any:
    try:
        from airflow.serialization.encoders import encode_timetable  # 3.2+
    except ImportError:
        from airflow.serialization.serialized_objects import encode_timetable
    return encode_timetable


def serialized_timetable(serialized: dict[str, Any], deserialized: Any) -> Any:
    """The DAG's timetable as {"__type", "__var"}; Airflow 2 leaves it out for schedule_interval DAGs."""
    if "timetable" in serialized:
        return serialized["timetable"]
    return _timetable_encoder()(deserialized.timetable)


_FRAME = re.compile(r'File "([^"]+)", line (\d+)')
_RAISED = re.compile(r"^[A-Za-z_][\w.]*: ")


def parse_import_error(file: str, text: str) -> ImportError_:
    """Airflow stores a traceback (or a one-line message) per file: keep its file, line and last line."""
    # The exception line is the last unindented "Name: message" (SQLAlchemy appends "[SQL: ...]" lines
    # and a "(Background on this error ...)" trailer after it); else the last line.
    lines = [ln for ln in text.splitlines() if ln.strip()]
    raised = [ln for ln in lines if _RAISED.match(ln)]
    message = (raised[-1] if raised else lines[-1]).strip() if lines else "import failed"
    line: int | None = None
    base = os.path.basename(file)
    for frame_file, frame_line in _FRAME.findall(text):
        if os.path.basename(frame_file) == base:
            line = int(frame_line)
    return ImportError_(file=file, line=line, message=message, traceback=text)


def load_folder(path: str) -> Folder:
    folder = str(Path(path).resolve())
    home = _configure(folder)
    try:
        import airflow

        DagBag = _dagbag_class()
        kwargs: dict[str, Any] = {"dag_folder": folder}
        if "include_examples" in inspect.signature(DagBag.__init__).parameters:
            kwargs["include_examples"] = False
        bag = DagBag(**kwargs)
        serializer = _serializer()
        result = Folder(path=folder, airflow_version=airflow.__version__,
                        files_seen=len(getattr(bag, "file_last_changed", {}) or {}))
        for file, text in sorted(bag.import_errors.items()):
            result.import_errors.append(parse_import_error(_relative(folder, file), str(text)))
        for dag_id in sorted(bag.dags):
            dag = bag.dags[dag_id]
            loaded = LoadedDag(dag_id=dag_id, fileloc=_relative(folder, dag.fileloc), dag=dag,
                               serialized={}, deserialized=None)
            try:
                data = serializer.to_dict(dag)
                loaded.serialized = data["dag"]
                loaded.deserialized = serializer.from_dict(data)
                loaded.serialized["timetable"] = serialized_timetable(loaded.serialized, loaded.deserialized)
            except Exception as err:
                loaded.error = f"serialization failed: {type(err).__name__}: {err}"
            result.dags.append(loaded)
        return result
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _relative(folder: str, file: str) -> str:
    try:
        return os.path.relpath(file, folder) if os.path.isabs(file) else file
    except ValueError:
        return file
