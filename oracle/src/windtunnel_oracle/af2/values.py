"""Values from scenario.json: instants may be ISO strings or epoch milliseconds (the parsed model's form)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..common.instants import parse_instant


def instant_of(value: Any) -> datetime:
    if isinstance(value, bool):
        raise ValueError(f"not an instant: {value!r}")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return parse_instant(str(value))
