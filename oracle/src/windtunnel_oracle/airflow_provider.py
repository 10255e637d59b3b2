"""Provider info for Airflow's ProvidersManager (entry point `apache_airflow_provider`; no Airflow import).

The harness registers one message-queue provider so that the MessageQueueTrigger in exported
AssetWatcher DAGs can be serialized (Airflow asks a provider for the queue's trigger when it writes the
watcher). No triggerer runs in the oracle: watcher messages are injected with Trigger.submit_event.
"""

from __future__ import annotations

from typing import Any


def get_provider_info() -> dict[str, Any]:
    return {
        "package-name": "windtunnel-oracle",
        "name": "Windtunnel oracle",
        "description": "Stand-in message queue for replaying AssetWatcher scenarios",
        "versions": ["0.1.0"],
        "queues": ["windtunnel_oracle.af3.queue_provider.WindtunnelQueueProvider"],
    }
