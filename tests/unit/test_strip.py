"""The browser modules are published without comments: same tokens, same lines, every JavaScript test still passing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tree_sitter import Node

from generator.site import assets
from generator.site.strip import _parser, strip_comments

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "generator" / "assets" / "javascripts"
MODULES = sorted(JS.rglob("*.mjs"))


def tokens(source: str) -> list[tuple[str, str]]:
    """The leaves of the parse (type and text), comments left out: what the JavaScript engine sees, whitespace aside."""
    data = source.encode("utf-8")
    out: list[tuple[str, str]] = []

    def walk(node: Node) -> None:
        if node.type == "comment":
            return
        if node.child_count == 0 or node.type in ("string", "template_string", "regex"):
            out.append((node.type, data[node.start_byte : node.end_byte].decode("utf-8")))
            return
        for child in node.children:
            walk(child)

    walk(_parser().parse(data).root_node)
    return out


class TestStripComments:
    def test_line_and_block_comments_go_and_every_line_stays(self) -> None:
        source = (
            "// module header\n"
            "/** A doc comment\n"
            " * over two lines. */\n"
            "export function f(a) {\n"
            "    return a + 1; // trailing\n"
            "}\n"
        )
        out = strip_comments(source)
        assert out == "\n\n\nexport function f(a) {\nreturn a + 1;\n}\n"
        assert out.count("\n") == source.count("\n")

    def test_a_comment_inside_a_line_still_separates_tokens(self) -> None:
        assert strip_comments("let/* name */x = 1;\n") == "let x = 1;\n"

    def test_literals_that_look_like_comments_are_kept_as_written(self) -> None:
        source = 'const url = "http://example.org/*x*/";\nconst re = /\\/\\/+/g;\nconst s = `a // b /* c */`;\n'
        assert strip_comments(source) == source

    def test_nested_template_literals_keep_their_spaces_and_lines(self) -> None:
        # The case a regex minifier (rjsmin 1.3) gets wrong: it drops the space before the middle dot.
        source = (
            "function meta(q, who) {\n"
            '  return `${q.title} · version ${q.version}${who ? ` · ${who}` : ""}\n'
            "    indented text inside the literal`;\n"
            "}\n"
        )
        out = strip_comments(source)
        assert out is not None
        literal = source[source.index("`") : source.rindex("`") + 1]
        assert literal.endswith("\n    indented text inside the literal`")
        assert literal in out

    def test_newlines_that_end_statements_stay(self) -> None:
        # Without a semicolon the newline ends the statement; joining the lines would call 1(...).
        source = "let a = 1 // one\n;(function () {})()\n"
        out = strip_comments(source)
        assert out == "let a = 1\n;(function () {})()\n"

    def test_a_syntax_error_gives_none_so_the_source_is_published_as_written(self) -> None:
        assert strip_comments("export function (\n") is None


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_each_module_keeps_its_tokens_and_lines(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    out = strip_comments(source)
    assert out is not None, f"{module.name} does not parse"
    assert tokens(out) == tokens(source)
    assert out.count("\n") == source.count("\n")
    assert len(out) < len(source) * 0.9, "the modules carry doc comments; stripping should show"


def test_the_site_publishes_the_stripped_modules_and_the_rest_as_is() -> None:
    published = {a.source: a.content() for a in assets()}
    for path, content in published.items():
        if path.suffix == ".mjs":
            assert content.decode("utf-8") == strip_comments(path.read_text(encoding="utf-8"))
            assert b"/**" not in content
        else:
            assert content == path.read_bytes()


def test_the_javascript_tests_pass_against_the_published_modules(tmp_path: Path) -> None:
    """Run the whole node suite again with tests/js importing the stripped modules instead of the source."""
    (tmp_path / "tests").mkdir()
    shutil.copytree(ROOT / "tests" / "js", tmp_path / "tests" / "js")
    shutil.copytree(ROOT / "tests" / "vectors", tmp_path / "tests" / "vectors")
    # The workshop server's own modules are served as written (the site never publishes them); tests/js uses them.
    static = Path("generator") / "workshop" / "static"
    shutil.copytree(ROOT / static, tmp_path / static)
    target = tmp_path / "generator" / "assets" / "javascripts"
    target.mkdir(parents=True)
    for module in MODULES:
        stripped = strip_comments(module.read_text(encoding="utf-8"))
        assert stripped is not None
        out = target / module.relative_to(JS)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(stripped, encoding="utf-8")
    run = subprocess.run(
        ["node", "--test", "tests/js/"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
