from datetime import UTC, datetime, timedelta, timezone

import pytest

from windtunnel_oracle.common.instants import format_instant, parse_instant


def test_format_matches_windtunnel_output_form() -> None:
    assert format_instant(datetime(2025, 4, 1, tzinfo=UTC)) == "2025-04-01T00:00:00Z"
    assert format_instant(datetime(2025, 4, 1, 0, 0, 1, 500000, tzinfo=UTC)) == "2025-04-01T00:00:01.500Z"
    assert format_instant(None) is None


def test_format_truncates_the_strict_threshold_step_and_converts_zones() -> None:
    # A retry visited 1 µs after its threshold reads as the threshold itself.
    assert format_instant(datetime(2025, 4, 1, tzinfo=UTC) + timedelta(microseconds=1)) == "2025-04-01T00:00:00Z"
    plus2 = timezone(timedelta(hours=2))
    assert format_instant(datetime(2025, 4, 1, 2, 0, tzinfo=plus2)) == "2025-04-01T00:00:00Z"


def test_parse_round_trips_and_refuses_naive_text() -> None:
    assert format_instant(parse_instant("2025-04-02T12:00:00Z")) == "2025-04-02T12:00:00Z"
    with pytest.raises(ValueError, match="without a time zone"):
        parse_instant("2025-04-02T12:00:00")
