"""Build time of the site with the dealcraft plugin against the same site with the plugin switched off.

Runs are interleaved (on, off, on, off, ...) in one process so both see the same machine load; prints the
median, min and max of each and the overhead. Goal: overhead at most 10%.

    python benchmarks/build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def config_without_plugin(config_file: Path) -> Path:
    """A copy of mkdocs.yml beside it with the dealcraft plugin removed (so relative paths still hold)."""
    data = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    data["plugins"] = [p for p in data["plugins"] if (p if isinstance(p, str) else next(iter(p))) != "dealcraft"]
    # Links into the generated quiz pages cannot resolve without the plugin; that is not what we time.
    data.pop("validation", None)
    fd, name = tempfile.mkstemp(prefix=".bench-", suffix=".yml", dir=config_file.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, sort_keys=False)
    return Path(name)


def build_once(config_file: Path, site_dir: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each (at least 5)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(ROOT)
    with_plugin = ROOT / "mkdocs.yml"
    without = config_without_plugin(with_plugin)
    on: list[float] = []
    off: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            build_once(with_plugin, Path(tmp) / "warm")  # imports and caches, not timed
            for _ in range(max(5, args.runs)):
                on.append(build_once(with_plugin, Path(tmp) / "on"))
                off.append(build_once(without, Path(tmp) / "off"))
    finally:
        without.unlink()

    def line(name: str, xs: list[float]) -> str:
        ms = [x * 1000 for x in xs]
        return f"{name:<22} median {statistics.median(ms):7.0f} ms   min {min(ms):6.0f}   max {max(ms):6.0f}"

    print(f"site build, {len(on)} interleaved runs each")
    print(line("with dealcraft plugin", on))
    print(line("plugin switched off", off))
    overhead = statistics.median(on) / statistics.median(off) - 1
    print(f"overhead               {overhead * 100:+.1f}%   (goal: at most +10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
