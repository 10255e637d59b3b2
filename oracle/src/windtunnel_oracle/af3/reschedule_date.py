"""The first reschedule date as a datetime, in every 3.x task runner.

Airflow 3.0.6's Execution API client builds `TaskRescheduleStartDate` with `model_construct`, so the date
stays the response's string (3.1+ validate it). A real worker gets the message through the supervisor's
JSON channel, which parses it; the in-process supervisor the harness runs hands the object over as is,
and BaseSensorOperator's `utcnow() - start_date` then raises TypeError on a reschedule sensor's second
poke. Validated here as 3.1+ do.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from airflow.sdk.api import client
    from airflow.sdk.execution_time.comms import TaskRescheduleStartDate

    ops: Any = client.TaskInstanceOperations
    original = ops.get_reschedule_start_date
    if getattr(original, "_windtunnel", False):
        return

    def get_reschedule_start_date(self: Any, id: Any, try_number: int = 1) -> Any:
        got = original(self, id, try_number)
        return TaskRescheduleStartDate(start_date=got.start_date)

    get_reschedule_start_date._windtunnel = True  # type: ignore[attr-defined]
    ops.get_reschedule_start_date = get_reschedule_start_date
