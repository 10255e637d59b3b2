"""Airflow 2.11's stable REST API v1, in-process: the Flask app's test client with basic auth.

Checked against 2.11.2: `airflow.www.app.create_app(testing=True)` mounts /api/v1; the FAB provider's
basic_auth backend (set in [api] auth_backends by environment.py) checks users of FAB's security manager.
The app is built on first use (a few seconds), once per scenario database.
"""

from __future__ import annotations

import base64
import json
from typing import Any

USER = "windtunnel"
PASSWORD = "windtunnel-oracle"


class RestClient:
    def __init__(self) -> None:
        from airflow.www.app import create_app

        app = create_app(testing=True)
        sm = app.appbuilder.sm
        if sm.find_user(username=USER) is None:
            sm.add_user(
                username=USER,
                first_name="Wind",
                last_name="Tunnel",
                email="windtunnel@example.com",
                role=sm.find_role("Admin"),
                password=PASSWORD,
            )
        self._client = app.test_client()
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        self._headers = {"Authorization": f"Basic {token}"}

    def call(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        """One request; the status and the JSON body (or the text when it is not JSON)."""
        kwargs: dict[str, Any] = {"headers": self._headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        response = self._client.open(path, method=method.upper(), **kwargs)
        text = response.get_data(as_text=True)
        try:
            return response.status_code, json.loads(text)
        except ValueError:
            return response.status_code, response.status  # an HTML page (e.g. Flask's 404): its status line
