"""Load questionnaires from YAML and report every problem at once, each located as `path:line:col`.

Two passes always both run: shapes and types by the pydantic models (`questionnaire.model`, errors mapped back to
the file by `questionnaire.messages`), and whole-questionnaire checks on the plain data (`questionnaire.checks`):
duplicate ids, unknown references, bands, option scores, scales, expressions, guide pages. Warnings (missing band
feedback, and the instrument lint of `questionnaire.lint`) need a valid model and come once the errors are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DealcraftError, Problem
from generator.questionnaire.checks import Checker, model_warnings
from generator.questionnaire.lint import lint
from generator.questionnaire.messages import describe, model_problems
from generator.questionnaire.model import Questionnaire
from generator.questionnaire.source import display_path, read_yaml

__all__ = [
    "Checked",
    "check_file",
    "check_paths",
    "load_questionnaire",
    "load_questionnaires",
    "questionnaire_files",
    "validate_paths",
]


def check_file(path: Path, content_dir: Path | None = None) -> tuple[Questionnaire | None, list[Problem]]:
    """Load one questionnaire file; return the model (None when there are errors) and every problem found."""
    src, data = read_yaml(path, display_path(path))
    if data is None and not src.problems:
        src.problems.append(Problem(src.path, 1, 1, "the file is empty"))
    if src.problems and data is None:
        return None, sorted(src.problems)
    if not isinstance(data, dict):
        src.error((), f"a questionnaire must be a mapping of keys (id, title, ...), not {describe(data)}")
        return None, sorted(src.problems)
    model = model_problems(data, src)
    Checker(data, src, content_dir).run()
    if model is not None and not any(p.is_error for p in src.problems):
        model_warnings(model, src)
        lint(model, src)
    problems = sorted(set(src.problems))
    return (None if any(p.is_error for p in problems) else model), problems


def load_questionnaire(path: str | Path, content_dir: str | Path | None = None) -> Questionnaire:
    """Load and validate one questionnaire; DealcraftError carries every problem (warnings included)."""
    model, problems = check_file(Path(path), Path(content_dir) if content_dir is not None else None)
    if model is None:
        raise DealcraftError(problems)
    return model


def questionnaire_files(folder: Path) -> list[Path]:
    """The questionnaire files of a folder: *.yaml and *.yml, sorted (schema.json is not one)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Checked:
    """What `check_paths` found: the files read, the valid questionnaires by id (and the file of each), and every
    problem."""

    files: list[Path] = field(default_factory=list)
    models: dict[str, Questionnaire] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def check_paths(paths: Iterable[Path], content_dir: Path | None) -> Checked:
    """Check files and folders (*.yaml, *.yml); a questionnaire id used by two files is an error on the second."""
    checked = Checked()
    first = checked.paths
    for given in paths:
        if given.is_dir():
            files = questionnaire_files(given)
            if not files:
                checked.problems.append(Problem(given.as_posix(), message="no questionnaires (*.yaml) in this folder"))
        elif given.exists():
            files = [given]
        else:
            checked.problems.append(Problem(given.as_posix(), message="no such file or folder"))
            continue
        for file in files:
            checked.files.append(file)
            model, found = check_file(file, content_dir)
            checked.problems.extend(found)
            if model is None:
                continue
            if model.id in checked.models:
                line, col = _id_position(file)
                message = f'questionnaire id "{model.id}" is already used by {display_path(first[model.id])}'
                checked.problems.append(Problem(display_path(file), line, col, message))
                continue
            checked.models[model.id] = model
            first[model.id] = file
    return checked


def _id_position(file: Path) -> tuple[int, int]:
    """Where a file's top-level id is (read again: only needed for the rare clash)."""
    src, data = read_yaml(file, display_path(file))
    return src.at(("id",)) if data is not None else (0, 0)


def validate_paths(paths: Sequence[Path], content_dir: Path | None) -> list[Problem]:
    """Every problem (errors and warnings) of the given files and folders, including ids used twice."""
    return check_paths(paths, content_dir).problems


def load_questionnaires(folder: str | Path, content_dir: str | Path | None = None) -> dict[str, Questionnaire]:
    """All questionnaires of a folder by id; DealcraftError carries every problem of every file."""
    checked = check_paths([Path(folder)], Path(content_dir) if content_dir is not None else None)
    if any(p.is_error for p in checked.problems):
        raise DealcraftError(checked.problems)
    return checked.models
