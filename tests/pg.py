"""A throwaway PostgreSQL 15 server for the test session (issue 7).

``postgres_server`` (session) runs ``initdb`` into a temporary folder, starts the server with
``pg_ctl`` on a free port of 127.0.0.1 (trust authentication, fsync off: it holds nothing worth
keeping), and stops and removes it at the end of the session. ``pg_database`` (function) gives
a fresh, empty database on that server as a SQLAlchemy URL
(``postgresql+psycopg://postgres@127.0.0.1:PORT/parley_N``).

The binaries are looked for in ``$PARLEY_PG_BIN``, then ``/usr/lib/postgresql/15/bin``, then
``pg_config --bindir``. When they are absent the tests that need PostgreSQL are skipped with the
reason, except under CI (``CI=true``), where ``make test`` has installed them (``make
test-deps-postgres``) and their absence is a failure. Run as root, the server runs as the
``postgres`` user (``initdb`` refuses root), through ``runuser``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_VERSION = "15"
_DB_NUMBERS = itertools.count(1)


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    run_as: list[str]  # a "runuser -u postgres --" prefix when we are root, else []

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = name or f"parley_{os.getpid()}_{next(_DB_NUMBERS)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def find_bindir() -> Path | None:
    candidates = [os.environ.get("PARLEY_PG_BIN"), f"/usr/lib/postgresql/{PG_VERSION}/bin"]
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True,
                                             text=True, check=True).stdout.strip())
        except (OSError, subprocess.CalledProcessError):
            pass
    for cand in candidates:
        if cand and (Path(cand) / "initdb").is_file() and (Path(cand) / "pg_ctl").is_file():
            return Path(cand)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}; under CI the PostgreSQL tests must run (make test-deps-postgres "
                    "installs the server)", pytrace=False)
    pytest.skip(f"{reason} (apt-get install postgresql, or make test-deps-postgres as root; "
                "or set PARLEY_PG_BIN)")


def start_server() -> PostgresServer:
    bindir = find_bindir()
    if bindir is None:
        _missing(f"PostgreSQL {PG_VERSION} binaries (initdb, pg_ctl) not found")
        raise AssertionError("unreachable")
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="parley-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            _missing("running as root and 'runuser' is absent, so initdb cannot run as postgres")
        run_as = [str(runuser), "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    log = root / "server.log"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*run_as, *args], capture_output=True, text=True, cwd=root)

    init = run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
               "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}", pytrace=False)
    last = ""
    for _attempt in range(5):  # the port may be taken between probing and starting
        port = _free_port()
        opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        start = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts,
                    "-w", "-t", "60", "start")
        if start.returncode == 0:
            return PostgresServer(bindir=bindir, root=root, port=port, run_as=run_as)
        last = start.stdout + start.stderr + (log.read_text() if log.exists() else "")
    shutil.rmtree(root, ignore_errors=True)
    pytest.fail(f"pg_ctl start failed:\n{last}", pytrace=False)
    raise AssertionError("unreachable")


def stop_server(server: PostgresServer) -> None:
    subprocess.run([*server.run_as, str(server.bindir / "pg_ctl"), "-D",
                    str(server.root / "data"), "-m", "immediate", "-w", "stop"],
                   capture_output=True, text=True, cwd=server.root)
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL 15 server of this test session (see the module docstring)."""
    server = start_server()
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def pg_database(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's server (dropped afterwards)."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1])
