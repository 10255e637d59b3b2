"""Assets (Airflow 3) and datasets (Airflow 2) in serialized form: outlets and schedule conditions."""

from __future__ import annotations

from typing import Any

ASSET_TYPES = ("asset", "dataset")
ALL_TYPES = ("asset_all", "dataset_all")
ANY_TYPES = ("asset_any", "dataset_any")
REF_TYPES = ("asset_name_ref", "asset_uri_ref")


class Unsupported(Exception):
    """A serialized value the scenario format cannot express (the message says what)."""


class AssetBook:
    """Every asset the DAGs mention, by name, with its URI (first mention wins)."""

    def __init__(self) -> None:
        self.uris: dict[str, str] = {}
        self.uri_names: dict[str, str] = {}

    def add(self, name: str, uri: str | None) -> str:
        self.uris.setdefault(name, uri or name)
        self.uri_names.setdefault(uri or name, name)
        return name

    def spec(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for name, uri in self.uris.items():
            out.append({"name": name} if uri == name else {"name": name, "uri": uri})
        return out


def _unwrap(value: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    raw = value.get("__type", "")
    kind = str(getattr(raw, "value", raw))  # the serializer's enum, or its string in JSON
    inner = value.get("__var")
    return kind, inner if isinstance(inner, dict) else value


def asset_name(value: Any, book: AssetBook) -> str:
    """One serialized asset/dataset (either nesting style) -> its scenario name."""
    if not isinstance(value, dict):
        raise Unsupported(f"not an asset: {value!r}")
    kind, body = _unwrap(value)
    if kind in ASSET_TYPES:
        uri = body.get("uri")
        name = body.get("name") or uri
        return book.add(str(name), str(uri) if uri else None)
    if kind == "asset_name_ref":
        return book.add(str(body.get("name")), None)
    if kind == "asset_uri_ref":
        uri = str(body.get("uri"))
        return book.uri_names.get(uri) or book.add(uri, uri)
    if kind in ("asset_alias", "dataset_alias"):
        raise Unsupported(f"asset alias '{body.get('name')}' (resolved only at run time)")
    raise Unsupported(f"asset form '{kind or type(value).__name__}'")


def condition(value: Any, book: AssetBook) -> Any:
    """A serialized asset condition -> the scenario's name | {all: [...]} | {any: [...]}."""
    if not isinstance(value, dict):
        raise Unsupported(f"asset condition {value!r}")
    kind, body = _unwrap(value)
    if kind in ALL_TYPES or kind in ANY_TYPES:
        items = [condition(v, book) for v in body.get("objects", [])]
        return {"all" if kind in ALL_TYPES else "any": items}
    if kind == "asset_alias":
        return {"alias": str(body.get("name"))}  # resolved by the scheduler to the assets linked to it
    return asset_name(value, book)


def schedule_assets(cond: Any) -> Any:
    """Top level of `schedule: {assets: ...}`: a plain list for all-of-names, else the mapping."""
    if isinstance(cond, str):
        return [cond]
    if isinstance(cond, dict) and "all" in cond and all(isinstance(c, str) for c in cond["all"]):
        return cond["all"]
    return cond
