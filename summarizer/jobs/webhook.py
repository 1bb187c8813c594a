"""The webhook: the finished job POSTed once to its ``callback_url``.

The body is the job as JSON (what ``GET /v1/jobs/{id}`` gives); with a secret it is
signed, ``X-Summarizer-Signature: sha256=<hex>`` (HMAC-SHA256 of the exact body
bytes), so a receiver checks it with ``hmac.compare_digest``. Connection errors and
408, 429 and 5xx answers are retried with jittered exponential backoff; any other
answer ends it. The store hands each delivery to one sender and records the outcome
(``Job.delivery``).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging

import httpx
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from ..models.jobs import Job
from ..store import Store

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Summarizer-Signature"
JOB_HEADER = "X-Summarizer-Job"
EVENT_HEADER = "X-Summarizer-Event"
ATTEMPTS = 5
TIMEOUT_S = 10.0
WAIT_MAX_S = 30.0
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def sign(body: bytes, secret: str) -> str:
    """``sha256=<hex>`` of ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, secret: str, header: str) -> bool:
    """What a receiver does: the header matches the body's signature."""
    return hmac.compare_digest(sign(body, secret), header)


class RetryableAnswer(Exception):
    def __init__(self, status_code: int) -> None:
        super().__init__(f"the receiver answered {status_code}")
        self.status_code = status_code


def webhook_request(job: Job, secret: str | None) -> tuple[bytes, dict[str, str]]:
    body = job.model_dump_json().encode()
    headers = {
        "Content-Type": "application/json",
        JOB_HEADER: job.id,
        EVENT_HEADER: f"job.{job.status}",
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    return body, headers


async def deliver(
    store: Store,
    job_id: str,
    *,
    secret: str | None,
    attempts: int = ATTEMPTS,
    wait_max_s: float = WAIT_MAX_S,
    timeout_s: float = TIMEOUT_S,
) -> bool:
    """POST the finished job once (retrying what can help); whether it was delivered.
    False too when another sender holds the delivery or there is none to send."""
    job = await asyncio.to_thread(store.claim_delivery, job_id)
    if job is None or job.callback_url is None:
        return False
    body, headers = webhook_request(job, secret)
    tries = 0
    status_code: int | None = None
    error: str | None = None
    policy = AsyncRetrying(
        stop=stop_after_attempt(attempts),
        wait=wait_random_exponential(multiplier=0.5, max=wait_max_s),
        retry=retry_if_exception_type((httpx.TransportError, RetryableAnswer)),
        reraise=False,
    )
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
        try:
            async for attempt in policy:
                with attempt:
                    tries += 1
                    answer = await client.post(job.callback_url, content=body, headers=headers)
                    status_code = answer.status_code
                    if status_code in RETRY_STATUSES:
                        raise RetryableAnswer(status_code)
        except RetryError as failed:
            last = failed.last_attempt.exception()
            error = str(last) if last else "gave up"
    delivered = error is None and status_code is not None and 200 <= status_code < 300
    if error is None and not delivered:
        error = f"the receiver answered {status_code}"
    await asyncio.to_thread(
        store.record_delivery,
        job_id,
        delivered=delivered,
        attempts=tries,
        status_code=status_code,
        error=error,
    )
    if not delivered:
        logger.warning("job %s: webhook to %s failed: %s", job_id, job.callback_url, error)
    return delivered
