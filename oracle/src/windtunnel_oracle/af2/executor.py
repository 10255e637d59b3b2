"""The stand-in executor: Airflow 2.11's BaseExecutor bookkeeping, with the start of each try recorded
instead of launched (checked against airflow/executors/base_executor.py in 2.11.2: `_process_tasks` moves a
key from queued_tasks to running and calls execute_async; `change_state` fills the event buffer that the
scheduler's `_process_executor_events` reads)."""

from __future__ import annotations

from typing import Any

from airflow.executors.base_executor import BaseExecutor
from airflow.models.taskinstancekey import TaskInstanceKey


class RecordingExecutor(BaseExecutor):
    """Records each try the scheduler sends; the harness plays the worker for it."""

    def __init__(self, parallelism: int) -> None:
        super().__init__(parallelism=parallelism)
        self.started: list[TaskInstanceKey] = []

    def start(self) -> None:
        pass

    def execute_async(
        self, key: TaskInstanceKey, command: Any, queue: str | None = None, executor_config: Any = None
    ) -> None:
        self.started.append(key)

    def take_started(self) -> list[TaskInstanceKey]:
        keys, self.started = self.started, []
        return keys

    def sync(self) -> None:
        pass

    def end(self) -> None:
        pass

    def terminate(self) -> None:
        pass
