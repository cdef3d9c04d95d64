"""A real `dealcraft workshop` process for the browser, crash and two-server tests: started on 127.0.0.1, read for
its two address lines, and stopped by PID (with its report workers, also by PID)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0


def stand_in_site(folder: Path, page: str = "<!doctype html><html><head></head><body>guide</body></html>") -> Path:
    """A stand-in for the built site, for tests that talk to the API: one page, and the dealcraft files this
    version publishes (without them `dealcraft workshop` takes the site for an older build and rebuilds it)."""
    from generator.site.assets import assets

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    for asset in assets():
        (folder / asset.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / asset.path).write_bytes(asset.content())
    return folder


@dataclass
class WorkshopProcess:
    proc: subprocess.Popen[str]
    join_url: str = ""
    facilitator_url: str = ""
    output: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.facilitator_url.split("token=", 1)[1]

    @property
    def base(self) -> str:
        return self.facilitator_url.split("/facilitator", 1)[0]


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (report workers, the resource tracker), from /proc."""
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


def kill_tree(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> None:
    """Stop the server by its PID (SIGTERM: graceful, SIGKILL: a crash), then any child it left, by PID."""
    children = descendants(proc.pid)
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    for pid in children:
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def start_workshop(
    database: str, site_dir: Path | None, *, port: int = 0, extra: tuple[str, ...] = (), cwd: Path = ROOT
) -> WorkshopProcess:
    """Start `dealcraft workshop` in `cwd` and wait (bounded) for its `Participants:` and `Facilitator:` lines.

    Without `site_dir`, the site is the config's (built first if it is not there)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    site = ["--site-dir", str(site_dir)] if site_dir is not None else []
    args = ["--port", str(port), "--database", database, *site, *extra]
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "workshop", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = WorkshopProcess(proc)
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            running.output.append(line.rstrip("\n"))
            if line.startswith("Participants: "):
                running.join_url = line.split(": ", 1)[1].strip()
            if line.startswith("Facilitator: "):
                running.facilitator_url = line.split(": ", 1)[1].strip()
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(START_TIMEOUT) or not running.facilitator_url:
        kill_tree(proc, signal.SIGKILL)
        raise RuntimeError("the workshop did not start:\n" + "\n".join(running.output[-30:]))
    return running


@contextmanager
def workshop_process(
    database: str, site_dir: Path | None, *, extra: tuple[str, ...] = (), cwd: Path = ROOT
) -> Iterator[WorkshopProcess]:
    running = start_workshop(database, site_dir, extra=extra, cwd=cwd)
    try:
        yield running
    finally:
        kill_tree(running.proc)
