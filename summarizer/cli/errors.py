"""How every command ends on an error: one line on stderr and a documented exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from ..errors import ConfigError, InputError, SummarizerError
from ..settings import RuntimeSettings

EXIT_FAILURE = 1  # a runtime or model failure, or a check that failed
EXIT_USAGE = 2  # a usage or input error
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """One-line messages and the documented exit codes instead of tracebacks."""
    try:
        yield
    except (InputError, ConfigError) as error:
        fail(str(error), EXIT_USAGE)
    except SummarizerError as error:
        fail(str(error), EXIT_FAILURE)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if RuntimeSettings().debug:
            raise
        message = f"internal error: {type(error).__name__}: {error}"
        fail(f"{message} (SUMMARIZER_DEBUG=1 shows more)", EXIT_FAILURE)
