"""Instants in Windtunnel's output form and back."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_instant(text: str) -> datetime:
    """An ISO instant from scenario.json ("2025-04-01T00:00:00Z") as an aware UTC datetime."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"instant without a time zone: {text!r}")
    return value.astimezone(UTC)


def format_instant(value: datetime | None) -> str | None:
    """Windtunnel's output form: "2025-01-01T00:00:00Z", ".500" only for non-zero milliseconds.

    Sub-millisecond parts are dropped (truncated): the harness visits strict thresholds a
    microsecond late, and Windtunnel's clock resolves milliseconds.
    """
    if value is None:
        return None
    utc = value.astimezone(UTC)
    base = utc.strftime("%Y-%m-%dT%H:%M:%S")
    ms = utc.microsecond // 1000
    return f"{base}Z" if ms == 0 else f"{base}.{ms:03d}Z"
