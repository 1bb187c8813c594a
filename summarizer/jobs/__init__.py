"""Jobs: the worker loop, webhooks, and stories' summary versions.

``run_worker`` (what ``summarizer worker`` and the in-process worker of
``summarizer serve`` run), ``Worker`` and ``drain`` (one worker, until the queue is
empty), ``deliver`` (a job's webhook), ``record_version`` / ``story_changes``.
"""

from .runner import JobStopped
from .stories import changed_figures, record_version, story_changes, story_request
from .webhook import SIGNATURE_HEADER, deliver, sign, verify_signature
from .worker import Summarize, Worker, drain, job_error, new_worker_id, run_worker, summarize_with

__all__ = [
    "SIGNATURE_HEADER",
    "JobStopped",
    "Summarize",
    "Worker",
    "changed_figures",
    "deliver",
    "drain",
    "job_error",
    "new_worker_id",
    "record_version",
    "run_worker",
    "sign",
    "story_changes",
    "story_request",
    "summarize_with",
    "verify_signature",
]
