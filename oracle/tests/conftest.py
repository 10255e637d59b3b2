"""Shared helpers. The tests never import Airflow in this process: replays run in a subprocess,
as the oracle does in use (Airflow's configuration must be in place before its import)."""

from __future__ import annotations

import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PYTHON = sys.executable
