import json
from pathlib import Path

import pytest

from windtunnel_oracle.common.output import OUTPUT_KEYS, build_output
from windtunnel_oracle.common.scenario import InputError, read_input

from .conftest import FIXTURES


def test_reads_the_fixture_written_by_oracle_input() -> None:
    s = read_input(FIXTURES / "xcom-prior-run")
    assert (s.name, s.profile, s.seed) == ("xcom-prior-run", "3.1", 0)
    assert s.task_order("daily_model") == {"publish": 0, "compare": 1}
    assert s.events[0]["kind"] == "trigger"


def test_missing_and_malformed_inputs_are_located_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"scenario\.json: not found"):
        read_input(tmp_path)
    (tmp_path / "scenario.json").write_text('{"windtunnel": 1,\n "name": }')
    with pytest.raises(InputError, match=r"scenario.json:2:\d+: invalid JSON"):
        read_input(tmp_path)
    (tmp_path / "scenario.json").write_text(json.dumps({"windtunnel": 1, "name": "x", "airflow": "3.1",
                                                       "dags": [], "clock": {"start": "soon", "end": "x"}}))
    with pytest.raises(InputError, match="clock"):
        read_input(tmp_path)


def test_output_has_the_run_format_json_fields_and_no_log() -> None:
    s = read_input(FIXTURES / "xcom-prior-run")
    out = build_output(s, "3.1.8", [], [], [], [], [])
    assert tuple(out) == OUTPUT_KEYS
    assert "log" not in out
    assert out["airflow"] == "3.1" and out["airflow_version"] == "3.1.8"
    assert out["clock"] == {"start": "2025-04-01T00:00:00Z", "end": "2025-04-04T06:00:00Z"}
