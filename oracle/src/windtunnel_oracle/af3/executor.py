"""The executor stand-in: Airflow's BaseExecutor bookkeeping (queued/running/slots/event buffer), with
`_process_workloads` handing each queued task to the harness's task runner instead of a worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from airflow.executors.base_executor import BaseExecutor
from airflow.executors.executor_utils import ExecutorName


class HarnessExecutor(BaseExecutor):
    name = ExecutorName(module_path="windtunnel_oracle.af3.executor.HarnessExecutor", alias="windtunnel")

    def __init__(self, parallelism: int, on_workload: Callable[[Any], None]) -> None:
        super().__init__(parallelism=parallelism)
        self._on_workload = on_workload

    def queue_workload(self, workload: Any, session: Any) -> None:
        """Keep the queued workload (3.0's scheduler uses workloads only when an executor overrides this;
        3.1+ BaseExecutor does the same thing itself)."""
        self.queued_tasks[workload.ti.key] = workload

    def _process_workloads(self, workloads: Sequence[Any]) -> None:
        for workload in workloads:
            key = workload.ti.key
            self.queued_tasks.pop(key, None)
            self.running.add(key)
            self._on_workload(workload)

    def end(self) -> None:
        pass

    def terminate(self) -> None:
        pass
