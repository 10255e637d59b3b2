"""import_dags: serialized Airflow values, timetables, asset conditions and import errors -> scenario text."""

from __future__ import annotations

import pytest

from windtunnel_oracle.import_dags.assets import AssetBook, Unsupported, condition, schedule_assets
from windtunnel_oracle.import_dags.bag import parse_import_error
from windtunnel_oracle.import_dags.timetables import schedule_of
from windtunnel_oracle.import_dags.values import iso_duration, iso_instant


def test_instants_and_durations() -> None:
    assert iso_instant(1735689600.0) == "2025-01-01T00:00:00Z"
    assert iso_instant(1735689600.25) == "2025-01-01T00:00:00.250Z"
    assert iso_duration(300.0) == "PT5M"
    assert iso_duration(86400 + 5400) == "P1DT1H30M"
    assert iso_duration(0) == "PT0S"
    assert iso_duration({"__type": "relativedelta", "__var": {"months": 1}}) == "P1M"
    assert iso_duration({"__type": "relativedelta", "__var": {"day": 1}}) is None


def test_timetables() -> None:
    book = AssetBook()
    cron = {"__type": "airflow.timetables.trigger.CronTriggerTimetable",
            "__var": {"expression": "0 3 * * *", "timezone": "Europe/Amsterdam", "interval": 3600.0,
                      "run_immediately": False}}
    assert schedule_of(cron, book) == ({"cron_trigger": "0 3 * * *", "interval": "PT1H"}, "Europe/Amsterdam")
    interval = {"__type": "airflow.timetables.interval.CronDataIntervalTimetable",
                "__var": {"expression": "0 0 * * *", "timezone": "UTC"}}
    assert schedule_of(interval, book) == ({"cron_data_interval": "0 0 * * *"}, "UTC")
    assert schedule_of({"__type": "airflow.timetables.simple.NullTimetable", "__var": {}}, book) == (None, None)
    with pytest.raises(Unsupported, match="AfterWorkdayTimetable"):
        schedule_of({"__type": "plugins.workday.AfterWorkdayTimetable", "__var": {}}, book)


def test_asset_conditions_both_nestings() -> None:
    book = AssetBook()
    cond = {"__type": "asset_any", "objects": [
        {"__type": "asset", "name": "a", "uri": "s3://a"},
        {"__type": "asset_all", "objects": [{"__var": {"name": "b", "uri": "b"}, "__type": "asset"},
                                             {"__type": "asset_name_ref", "name": "c"}]}]}
    assert condition(cond, book) == {"any": ["a", {"all": ["b", "c"]}]}
    assert book.spec() == [{"name": "a", "uri": "s3://a"}, {"name": "b"}, {"name": "c"}]
    assert schedule_assets({"all": ["a", "b"]}) == ["a", "b"]
    with pytest.raises(Unsupported, match="alias"):  # Airflow 2.11's DatasetAlias is not modelled
        condition({"__type": "dataset_alias", "name": "x"}, book)


def test_import_error_keeps_file_line_and_message() -> None:
    text = ('Traceback (most recent call last):\n  File "/x/lib.py", line 9, in f\n'
            '  File "/dags/broken.py", line 3, in <module>\n    import nope\n'
            "ModuleNotFoundError: No module named 'nope'\n")
    err = parse_import_error("broken.py", text)
    assert (err.file, err.line, err.message) == ("broken.py", 3, "ModuleNotFoundError: No module named 'nope'")


def test_import_error_message_skips_sqlalchemy_trailer() -> None:
    text = ('Traceback (most recent call last):\n  File "/dags/alias.py", line 12, in <module>\n'
            "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: dataset_alias\n"
            "[SQL: SELECT dataset_alias.id\nFROM dataset_alias\nLIMIT ? OFFSET ?]\n"
            "(Background on this error at: https://sqlalche.me/e/14/e3q8)\n")
    err = parse_import_error("alias.py", text)
    assert err.line == 12
    assert err.message.startswith("sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table")
