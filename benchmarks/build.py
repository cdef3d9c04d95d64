"""Build time of the site with the dealcraft plugin against the same site with the plugin switched off.

Three builds, interleaved (on, static, bare, on, ...) in one process so all see the same machine load:

- on:     the site as configured, the plugin generating the quiz pages;
- static: the plugin switched off, the very pages it generates written beforehand as plain Markdown files with
          the same nav, so MkDocs builds the same site: the difference is the plugin's own overhead (goal: 10%);
- bare:   the plugin switched off and no quiz pages: what the self-assessments add to a build, pages included.

Prints the median, min and max of each, and the overheads (from the medians and from each neighbouring pair).

    python benchmarks/build.py [--runs 9]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _plugin_name(entry: Any) -> str:
    return str(entry if isinstance(entry, str) else next(iter(entry)))


def write_config(data: dict[str, Any]) -> Path:
    """`data` as a config file beside mkdocs.yml (so its relative paths still hold)."""
    fd, name = tempfile.mkstemp(prefix=".bench-", suffix=".yml", dir=ROOT)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, sort_keys=False)
    return Path(name)


def static_content(config_file: Path, into: Path) -> list[dict[str, str]]:
    """Copy the content folder to `into` with the plugin's pages and assets written in as plain files.

    Returns the nav entries the plugin would add. The pages carry their forms inline, as any static file must.
    """
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins["dealcraft"]
    plugin.on_config(config)
    shutil.copytree(Path(config.docs_dir), into)
    for page in plugin.site.pages:
        target = into / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.inline_markdown, encoding="utf-8")
    for asset in plugin.site.assets:
        target = into / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content())
    return [{p.title: p.path} for p in plugin.site.pages]


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
    from generator.site import add_to_nav

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (at least 5)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(ROOT)
    with_plugin = ROOT / "mkdocs.yml"
    data = yaml.safe_load(with_plugin.read_text(encoding="utf-8"))
    data["plugins"] = [p for p in data["plugins"] if _plugin_name(p) != "dealcraft"]
    # Validation stays on in all three: without the plugin, links into quiz pages only warn, and all pay for it.
    times: dict[str, list[float]] = {"on": [], "static": [], "bare": []}
    configs: list[Path] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            entries = static_content(with_plugin, Path(tmp) / "content")
            static = dict(data, docs_dir=str(Path(tmp) / "content"))
            add_to_nav(static["nav"], entries)
            configs = [write_config(static), write_config(data)]
            builds = {"on": with_plugin, "static": configs[0], "bare": configs[1]}
            for name, config_file in builds.items():  # imports and caches, not timed
                build_once(config_file, Path(tmp) / name)
            for _ in range(max(5, args.runs)):
                for name, config_file in builds.items():
                    times[name].append(build_once(config_file, Path(tmp) / name))
    finally:
        for config_file in configs:
            config_file.unlink()

    def line(name: str, xs: list[float]) -> str:
        ms = [x * 1000 for x in xs]
        return f"{name:<40} median {statistics.median(ms):7.0f} ms   min {min(ms):6.0f}   max {max(ms):6.0f}"

    def overhead(name: str, a: list[float], b: list[float], goal: str = "") -> str:
        medians = statistics.median(a) / statistics.median(b) - 1
        paired = statistics.median(x / y for x, y in zip(a, b, strict=True)) - 1
        return f"{name:<40} {medians * 100:+6.1f}% of medians, {paired * 100:+6.1f}% paired{goal}"

    print(f"site build, {len(times['on'])} interleaved runs each")
    print(line("on: the plugin generates the quiz pages", times["on"]))
    print(line("static: same pages as plain files", times["static"]))
    print(line("bare: no plugin, no quiz pages", times["bare"]))
    print(overhead("plugin overhead (on vs static)", times["on"], times["static"], "   (goal: at most +10%)"))
    print(overhead("self-assessments' share (on vs bare)", times["on"], times["bare"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
