"""Where a project's files are: every path mkdocs.yml or the plugin's section names, resolved against the folder
of mkdocs.yml (as MkDocs resolves docs_dir), so a command gives the same result from any working folder.

Paths typed on the command line are the exception: they are relative to the working folder, as for any command.
Light on purpose, like config.py: the plugin imports it on every build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DOCS_DIR = "content"  # what `dealcraft new` writes, used only when there is no mkdocs.yml to say
DEFAULT_QUESTIONNAIRES = "questionnaires"
EXERCISE_IN_DOCS = Path("exercises") / "espresso-deal.yaml"  # the role-play's answer key, under docs_dir
SNIPPETS = "pymdownx.snippets"


@dataclass(frozen=True)
class Project:
    """The project's folders and files, absolute; `config` is the loaded MkDocs config (None without mkdocs.yml)."""

    config_file: Path  # as the user gave it, for messages
    root: Path
    docs_dir: Path
    questionnaires: Path
    exercise: Path
    config: Any = None


def config_root(config: Any) -> Path:
    """The folder of a loaded config's mkdocs.yml (the working folder for a config that was not read from a file)."""
    path = getattr(config, "config_file_path", None)
    return Path(path).resolve().parent if path else Path.cwd()


def answer_key_path(options: Any, docs_dir: Path) -> Path:
    """The role-play's answer key: the plugin's `exercise:` option (MkDocs made it absolute), else the default file
    under docs_dir; `options` is the plugin's config, or None without the plugin."""
    return Path(options.exercise) if options is not None and options.exercise else docs_dir / EXERCISE_IN_DOCS


def project_of(config: Any, config_file: Path | None = None) -> Project:
    """The paths of an already loaded MkDocs config (MkDocs has made docs_dir and the plugin's files absolute)."""
    root = config_root(config)
    docs_dir = Path(config.docs_dir)
    plugin = config.plugins.get("dealcraft")
    options = plugin.config if plugin is not None else None
    questionnaires = root / (options.questionnaires if options is not None else DEFAULT_QUESTIONNAIRES)
    exercise = answer_key_path(options, docs_dir)
    return Project(
        config_file=config_file or Path(config.config_file_path),
        root=root,
        docs_dir=docs_dir,
        questionnaires=questionnaires.resolve(),
        exercise=exercise,
        config=config,
    )


def load_project(config_file: Path) -> Project:
    """The project of `config_file`, loaded and validated by MkDocs (a broken config is a located user error).

    Without the file, the defaults `dealcraft new` writes, next to where the file would be."""
    if not config_file.is_file():
        root = config_file.absolute().parent
        docs_dir = root / DEFAULT_DOCS_DIR
        return Project(config_file, root, docs_dir, root / DEFAULT_QUESTIONNAIRES, docs_dir / EXERCISE_IN_DOCS)
    from generator.build import load_mkdocs_config

    return project_of(load_mkdocs_config(config_file), config_file)


def anchored_snippets(extensions: Sequence[Any], configs: Mapping[str, Any], root: Path) -> dict[str, Any]:
    """The Markdown extension configs with pymdownx.snippets' base_path (default ".") made absolute from `root`.

    The extension resolves a relative base_path from the working folder, so a build started elsewhere
    (`dealcraft build -f other/mkdocs.yml`) would not find the snippets; anchored, it finds them from anywhere."""
    if SNIPPETS not in extensions:
        return dict(configs)
    snippets = configs.get(SNIPPETS) or {}
    value = snippets.get("base_path", ["."])
    paths = [value] if isinstance(value, str) else list(value)
    anchored = [str(root / p) if isinstance(p, str) else p for p in paths]
    return {**configs, SNIPPETS: {**snippets, "base_path": anchored}}
