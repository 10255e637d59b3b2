"""Airflow's real public REST API (the FastAPI app), called in-process with an admin token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import time_machine

# Tokens are minted at this instant and valid for a century, so every virtual instant accepts them
# (PyJWT checks iat/exp against the frozen clock).
TOKEN_MINTED_AT = datetime(2000, 1, 1, tzinfo=UTC)
TOKEN_LIFETIME_S = 100 * 365 * 24 * 3600


class RestClient:
    def __init__(self) -> None:
        from airflow.api_fastapi.app import create_app
        from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
        from fastapi.testclient import TestClient

        self.app = create_app("core")
        manager = self.app.state.auth_manager
        with time_machine.travel(TOKEN_MINTED_AT, tick=False):
            token = manager.generate_jwt(
                SimpleAuthManagerUser(username="windtunnel", role="admin"),
                expiration_time_in_seconds=TOKEN_LIFETIME_S,
            )
        self.client = TestClient(self.app, base_url="http://localhost:8080",
                                 headers={"Authorization": f"Bearer {token}"})

    def request(self, method: str, path: str, body: Any = None, *, ui: bool = False) -> tuple[int, Any]:
        headers = {"Referer": "http://localhost:8080/"} if ui else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None and method.upper() not in ("GET", "DELETE"):
            kwargs["json"] = body
        response = self.client.request(method.upper(), path, **kwargs)
        try:
            payload = response.json()
        except ValueError:
            payload = response.text or None
        return response.status_code, payload


def error_text(payload: Any) -> str | None:
    """The message a refused request carries (FastAPI's `detail`, a string or a list of problems)."""
    if isinstance(payload, dict) and "detail" in payload:
        detail = payload["detail"]
        if isinstance(detail, str):
            return detail
        if isinstance(detail, dict):
            # {"reason": "Unique constraint violation", "message": "Serious error ... ID xyz"}: the reason
            # is the stable part (the message carries a random id).
            return str(detail.get("reason") or detail.get("message") or detail)
        if isinstance(detail, list) and detail:
            # Validation errors (422): "body.logical_date: Field required", as Windtunnel words them.
            first = detail[0]
            if not isinstance(first, dict):
                return str(first)
            loc = ".".join(str(p) for p in first.get("loc", []))
            return f"{loc}: {first.get('msg')}" if loc else str(first.get("msg", first))
        return str(detail)
    return None if payload is None else str(payload)
