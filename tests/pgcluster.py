"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listen on 127.0.0.1 at a free port,
stop by PID. As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).

Under CI (CI=true) a missing PostgreSQL is a failure, never a skip, so CI cannot pass while testing nothing.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    """Debian's versioned server binaries (initdb, postgres are not on PATH there), else whatever PATH has."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("postgres")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> dict[str, object]:
    """Popen arguments that drop root to the postgres user; nothing to change for an ordinary user."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a fresh cluster and yield its SQLAlchemy URL (database `dealcraft`); stop it by PID afterwards."""
    bindir = _bin_dir()
    if bindir is None:
        message = "PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/setup does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    as_user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="dealcraft-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if as_user:
        for path in (base, sock):
            os.chown(path, int(as_user["user"]), int(as_user["group"]))  # type: ignore[call-overload]
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
    subprocess.run(
        [str(bindir / "initdb"), "-D", str(data), "-U", "dealcraft", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
        **as_user,  # type: ignore[arg-type]
    )
    port = _free_port()
    log = open(base / "server.log", "wb")  # noqa: SIM115 (closed below, after the server stopped)
    proc = subprocess.Popen(
        [
            str(bindir / "postgres"),
            "-D", str(data),
            "-p", str(port),
            "-h", "127.0.0.1",
            "-k", str(sock),
            "-c", "fsync=on",
            "-c", "max_connections=200",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        **as_user,  # type: ignore[arg-type]
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError("PostgreSQL did not start: " + (base / "server.log").read_text(errors="replace"))
            ready = subprocess.run(
                [str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True, timeout=10
            )
            if ready.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not accept connections within 60 s")
            time.sleep(0.2)
        subprocess.run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dealcraft", "dealcraft"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield f"postgresql+psycopg://dealcraft@127.0.0.1:{port}/dealcraft"
    finally:
        proc.send_signal(signal.SIGINT)  # fast shutdown: roll back open transactions, then stop
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the cluster of `url`, for a test that must start from nothing."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + name
