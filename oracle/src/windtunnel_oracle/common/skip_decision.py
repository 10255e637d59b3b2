"""SkipMixin's `skipmixin_key` XCom as the oracle reports it."""

from __future__ import annotations

from typing import Any


def skip_decision_sorted(key: str, value: Any) -> Any:
    """SkipMixin builds the lists of its `skipmixin_key` XCom from Python sets, an order that changes from
    process to process: sorted, as Windtunnel writes them."""
    if key != "skipmixin_key" or not isinstance(value, dict):
        return value
    return {k: sorted(v) if isinstance(v, list) else v for k, v in value.items()}
