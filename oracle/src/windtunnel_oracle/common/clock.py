"""The virtual clock: Python's time frozen with time-machine, and the database's now() with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine

from .db_clock import DatabaseClock


class VirtualClock:
    def __init__(self, start: datetime, db_clock: DatabaseClock | None = None) -> None:
        self._traveller = time_machine.travel(start, tick=False)
        self._coords: Any = None
        self._db = db_clock
        self.now = start

    def start(self) -> None:
        self._coords = self._traveller.start()
        self.move_to(self.now)

    def move_to(self, instant: datetime) -> None:
        if self._coords is None:
            raise RuntimeError("clock not started")
        self._coords.move_to(instant)
        if self._db is not None:
            self._db.set(instant)
        self.now = instant

    def stop(self) -> None:
        if self._coords is not None:
            self._traveller.stop()
            self._coords = None
        if self._db is not None:
            self._db.close()
