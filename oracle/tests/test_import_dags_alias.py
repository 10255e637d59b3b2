"""import_dags: Airflow 3 asset aliases in schedules and outlets -> `{alias: name}` and `alias_outlets`."""

from __future__ import annotations

from typing import Any

from windtunnel_oracle.import_dags.alias_outlets import ALIAS_CALLABLE, alias_of, read_alias_outlets
from windtunnel_oracle.import_dags.assets import AssetBook, condition

ALIAS = {"__type": "asset_alias", "__var": {"name": "daily", "group": "asset"}}


def test_alias_in_a_schedule_condition() -> None:
    book = AssetBook()
    raw = {"__type": "asset", "__var": {"name": "raw", "uri": "raw", "group": "asset", "extra": {}}}
    assert condition(ALIAS, book) == {"alias": "daily"}
    both = {"__type": "asset_all", "__var": {"objects": [ALIAS, raw]}}
    assert condition(both, book) == {"all": [{"alias": "daily"}, "raw"]}


def test_alias_outlets_of_an_exported_task_come_back_exactly() -> None:
    assert alias_of(ALIAS) == "daily"
    assert alias_of({"__type": "asset", "__var": {"name": "raw", "uri": "raw"}}) is None
    book, out, notes = AssetBook(), {"operator": "python"}, []
    kwargs = {"duration": 60, "alias_adds": [["daily", "clean", "s3://clean"], ["other", "clean", "s3://clean"]]}
    read_alias_outlets(["daily", "other"], ALIAS_CALLABLE, kwargs, book, out, ["t"], lambda *a: notes.append(a))
    assert out["alias_outlets"] == [{"alias": "daily", "adds": ["clean"]}, {"alias": "other", "adds": ["clean"]}]
    assert book.spec() == [{"name": "clean", "uri": "s3://clean"}]
    assert notes == []


def test_alias_outlets_of_other_tasks_add_nothing_with_a_note() -> None:
    out: dict[str, Any] = {"operator": "python"}
    notes: list[Any] = []
    read_alias_outlets(["daily"], "my_callable", {}, AssetBook(), out, ["t"], lambda *a: notes.append(a))
    assert out["alias_outlets"] == [{"alias": "daily", "adds": []}]
    assert "decided by its code at run time" in notes[0][1]
    empty: dict[str, Any] = {"operator": "empty"}
    read_alias_outlets(["daily"], None, None, AssetBook(), empty, ["t"], lambda *a: notes.append(a))
    assert "alias_outlets" not in empty and "not simulated" in notes[1][1]
