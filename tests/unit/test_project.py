"""generator/project.py: a project's paths are read from the folder of its mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from generator.project import anchored_snippets, load_project
from tests.small_project import small_project


def test_snippets_base_path_is_anchored_at_the_config_folder(tmp_path: Path) -> None:
    configs = {"pymdownx.snippets": {"base_path": "parts", "check_paths": True}, "toc": {"permalink": True}}
    anchored = anchored_snippets(["toc", "pymdownx.snippets"], configs, tmp_path)
    assert anchored["pymdownx.snippets"] == {"base_path": [str(tmp_path / "parts")], "check_paths": True}
    assert anchored["toc"] == {"permalink": True}
    assert configs["pymdownx.snippets"]["base_path"] == "parts"  # the config it was given is left as it was


def test_the_snippets_default_and_absolute_paths(tmp_path: Path) -> None:
    assert anchored_snippets(["pymdownx.snippets"], {}, tmp_path) == {
        "pymdownx.snippets": {"base_path": [str(tmp_path)]}
    }
    absolute = {"pymdownx.snippets": {"base_path": ["/srv/parts", "local"]}}
    assert anchored_snippets(["pymdownx.snippets"], absolute, tmp_path)["pymdownx.snippets"]["base_path"] == [
        "/srv/parts",
        str(tmp_path / "local"),
    ]
    assert anchored_snippets(["toc"], {"toc": {}}, tmp_path) == {"toc": {}}  # no snippets: nothing to anchor


def test_a_projects_paths_come_from_its_config(tmp_path: Path) -> None:
    config = small_project(tmp_path / "p", exercise_option="pages/exercises/espresso-deal.yaml")
    project = load_project(config)
    assert project.root == config.parent
    assert project.docs_dir == config.parent / "pages"
    assert project.questionnaires == config.parent / "forms"
    assert project.exercise == config.parent / "pages" / "exercises" / "espresso-deal.yaml"
    default = load_project(small_project(tmp_path / "q"))  # no `exercise:`: the key under docs_dir
    assert default.exercise == tmp_path / "q" / "pages" / "exercises" / "espresso-deal.yaml"


def test_without_a_config_the_defaults_sit_where_it_would_be(tmp_path: Path) -> None:
    project = load_project(tmp_path / "missing" / "mkdocs.yml")
    assert project.config is None
    assert project.questionnaires == tmp_path / "missing" / "questionnaires"
    assert project.exercise == tmp_path / "missing" / "content" / "exercises" / "espresso-deal.yaml"
