"""The oracle's message-queue provider: claims every queue URI and serializes a trigger that never fires
by itself (the harness submits each scenario message as that trigger's event)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.providers.common.messaging.providers.base_provider import BaseMessageQueueProvider
from airflow.triggers.base import BaseEventTrigger, TriggerEvent


class WindtunnelQueueTrigger(BaseEventTrigger):
    def __init__(self, queue: str, **kwargs: Any) -> None:
        super().__init__()
        self.queue = queue

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return ("windtunnel_oracle.af3.queue_provider.WindtunnelQueueTrigger", {"queue": self.queue})

    async def run(self) -> AsyncIterator[TriggerEvent]:
        await asyncio.Event().wait()  # messages come from the harness, never from here
        yield TriggerEvent(None)


class WindtunnelQueueProvider(BaseMessageQueueProvider):
    scheme = "windtunnel"

    def scheme_matches(self, scheme: str) -> bool:
        return True

    def queue_matches(self, queue: str) -> bool:
        return True

    def trigger_class(self) -> type[BaseEventTrigger]:
        return WindtunnelQueueTrigger

    def trigger_kwargs(self, queue: str, **kwargs: Any) -> dict[str, Any]:
        return {"queue": queue}
