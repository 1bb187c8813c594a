"""A real PostgreSQL server for tests: Debian's binaries, a temporary data directory,
a free port, run as an unprivileged user.

``postgres_server`` (session-scoped) runs initdb and ``pg_ctl start``; as root the
server runs as ``nobody`` (PostgreSQL refuses root), with the data directory and the
socket in a temporary directory that user owns. ``postgres_url`` gives each test a
fresh database. Import the fixtures explicitly: ``from postgres_server import ...``.
The binaries come from ``$PG_BIN``, else the newest /usr/lib/postgresql/*/bin, else
PATH; without them the tests fail and say so (``apt-get install postgresql``).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

SUPERUSER = "summarizer"
UNPRIVILEGED = "nobody"
_databases = itertools.count(1)


def postgres_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    pytest.fail("PostgreSQL's binaries are missing: apt-get install postgresql (or set PG_BIN)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    bin: Path
    root: Path
    port: int
    run_as: dict[str, Any]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> None:
        subprocess.run(
            args, check=True, capture_output=True, cwd=self.root, timeout=120, **self.run_as
        )

    def start(self) -> None:
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self) -> str:
        name = f"test_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run_as() -> tuple[dict[str, Any], int | None]:
    """Popen's user/group for the server, and the uid to chown its directory to."""
    if os.geteuid() != 0:
        return {}, None
    user = pwd.getpwnam(UNPRIVILEGED)
    return {"user": user.pw_uid, "group": user.pw_gid, "env": {"PATH": "/usr/bin:/bin"}}, (
        user.pw_uid
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    run_as, uid = _run_as()
    root = Path(tempfile.mkdtemp(prefix="summarizer-pg-"))
    if uid is not None:
        os.chown(root, uid, -1)
    server = PostgresServer(postgres_bin(), root, free_port(), run_as)
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        log = root / "server.log"
        detail = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        stderr = (error.stderr or b"").decode(errors="replace")
        pytest.fail(f"PostgreSQL did not start: {stderr}{detail}")
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server."""
    return postgres_server.create_database()
