"""The triggerer, the scheduler's trigger timeouts and sensor reschedule dates, on the virtual clock.

Airflow runs triggers in a separate triggerer process, and `check_trigger_timeouts` on a scheduler timer.
Here both run in every scheduler pass, in-process: each trigger a deferred task instance waits on is
built from its row (`Trigger.kwargs`, the class at `classpath`) and its own async `run()` is stepped until
its first event, which goes to `Trigger.submit_event` as the triggerer sends it. A DateTimeTrigger whose
moment is still ahead only sleeps in `run()`, so it is not stepped before its moment (the harness then
visits that instant). AssetWatcher triggers are not run here: the harness submits their messages
(events.py).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

# A strict threshold (trigger_timeout < now) is visited this much after it, as retries are (driver.py).
STRICT_STEP = timedelta(microseconds=1)
# Real seconds a due trigger may take to yield its first event.
TRIGGER_STEP_TIMEOUT_S = 5.0


def _deferred_triggers(session: Any) -> list[Any]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.trigger import Trigger
    from airflow.utils.state import TaskInstanceState
    from sqlalchemy import select

    ids = select(TaskInstance.trigger_id).where(
        TaskInstance.state == TaskInstanceState.DEFERRED, TaskInstance.trigger_id.is_not(None))
    return list(session.scalars(select(Trigger).where(Trigger.id.in_(ids)).order_by(Trigger.id)))


def _build(row: Any) -> Any:
    import importlib

    module, _, name = row.classpath.rpartition(".")
    return getattr(importlib.import_module(module), name)(**row.kwargs)


def _moment(trigger: Any) -> datetime | None:
    try:
        moment = getattr(trigger, "moment", None)
    except Exception:
        return None
    return moment if isinstance(moment, datetime) else None


async def _first_event(trigger: Any) -> Any:
    agen = trigger.run()
    try:
        return await asyncio.wait_for(agen.__anext__(), TRIGGER_STEP_TIMEOUT_S)
    except (TimeoutError, StopAsyncIteration):
        return None
    finally:
        await agen.aclose()


def run_due_triggers(now: datetime) -> int:
    """Step every trigger a deferred task waits on that may fire now; submit the events. Returns how many fired."""
    from airflow.models.trigger import Trigger
    from airflow.utils.session import create_session

    fired = 0
    with create_session() as session:
        rows = _deferred_triggers(session)
        due = []
        for row in rows:
            trigger = _build(row)
            moment = _moment(trigger)
            if moment is not None and moment > now:
                continue
            due.append((row.id, trigger))
    for trigger_id, trigger in due:
        event = asyncio.run(_first_event(trigger))
        if event is None:
            continue
        with create_session() as session:
            Trigger.submit_event(trigger_id, event, session=session)
        fired += 1
    return fired


def check_trigger_timeouts(runner: Any) -> None:
    from airflow.utils.session import create_session

    with create_session() as session:
        runner.check_trigger_timeouts(session=session)


def wake_instants(now: datetime) -> list[datetime]:
    """Instants after `now` at which a deferred task's trigger fires or times out, or a rescheduled
    sensor's TaskReschedule date comes (ReadyToRescheduleDep: now >= reschedule_date)."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from airflow.utils.state import TaskInstanceState
    from sqlalchemy import select

    out: list[datetime] = []
    with create_session() as session:
        for row in _deferred_triggers(session):
            moment = _moment(_build(row))
            if moment is not None and moment > now:
                out.append(moment)
        timeouts = session.scalars(select(TaskInstance.trigger_timeout).where(
            TaskInstance.state == TaskInstanceState.DEFERRED, TaskInstance.trigger_timeout.is_not(None)))
        out += [t + STRICT_STEP for t in timeouts if t + STRICT_STEP > now]
        rescheduled = select(TaskInstance).where(TaskInstance.state == TaskInstanceState.UP_FOR_RESCHEDULE)
        for ti in session.scalars(rescheduled):
            due = _reschedule_date(session, ti)
            if due is not None and due > now:
                out.append(due)
    return out


def _reschedule_date(session: Any, ti: Any) -> datetime | None:
    from airflow.models.taskreschedule import TaskReschedule
    from sqlalchemy import select

    if hasattr(TaskReschedule, "ti_id"):
        stmt = select(TaskReschedule.reschedule_date).where(TaskReschedule.ti_id == ti.id)
    else:  # 3.0: keyed by the task instance's natural key
        stmt = select(TaskReschedule.reschedule_date).where(
            TaskReschedule.dag_id == ti.dag_id, TaskReschedule.task_id == ti.task_id,
            TaskReschedule.run_id == ti.run_id, TaskReschedule.map_index == ti.map_index)
    return session.scalar(stmt.order_by(TaskReschedule.id.desc()).limit(1))
