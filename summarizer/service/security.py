"""Access: API keys checked through the store, and a per-key rate limit.

When any active key exists, every ``/v1`` request needs one, as
``Authorization: Bearer <secret>`` or ``X-API-Key: <secret>``; with no key the
service is open (bind it to 127.0.0.1). Each key, or each client address when the
service is open, has a token bucket held in memory: ``requests_per_minute`` tokens a
minute, up to ``burst`` at once; an empty bucket answers 429 with ``Retry-After``.
The buckets are per process: N server processes allow N times the rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .errors import ServiceError
from .state import service_state

# Declared for the OpenAPI schema (Swagger's "Authorize"); read by ``authorize``.
bearer_scheme = HTTPBearer(auto_error=False, description="An API key as a bearer token.")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")


@dataclass(frozen=True)
class Principal:
    """Who is calling: an API key's id, or nobody (the service has no keys)."""

    key_id: str | None
    client: str

    @property
    def identity(self) -> str:
        return f"key:{self.key_id}" if self.key_id else f"client:{self.client}"


def presented_secret(
    bearer: HTTPAuthorizationCredentials | None, header_key: str | None
) -> str | None:
    if bearer is not None and bearer.scheme.lower() == "bearer" and bearer.credentials:
        return bearer.credentials
    return header_key or None


def unauthorized(message: str) -> ServiceError:
    return ServiceError(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


async def authorize(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    header_key: Annotated[str | None, Depends(api_key_scheme)],
) -> Principal:
    """The dependency every ``/v1`` route takes: the caller's key (when keys exist),
    then one token from its bucket."""
    state = service_state(request)
    secret = presented_secret(bearer, header_key)
    store = await run_in_threadpool(state.store)
    key_id = await run_in_threadpool(store.verify_key, secret) if secret else None
    if key_id is None and await run_in_threadpool(store.any_keys):
        raise unauthorized("API key refused" if secret else "an API key is required")
    client = request.client.host if request.client else "unknown"
    principal = Principal(key_id=key_id, client=client)
    wait = state.limiter.check(principal.identity)
    if wait > 0:
        retry_after = str(max(1, math.ceil(wait)))
        raise ServiceError(
            429,
            "rate_limited",
            f"rate limit of {state.limiter.per_minute} requests a minute reached; "
            f"retry in {retry_after} s",
            {"Retry-After": retry_after},
        )
    return principal
