"""The browser files the site publishes, named one by one (the parser under javascripts/parser/ is for tests only;
the workshop's modules under javascripts/workshop/ are served by the workshop server only), and where the
compiled questionnaires the forms fetch are published beside them.

Each list is what one kind of page loads, so a form can preload exactly its modules and a test can check every
list against the modules' imports.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.site.strip import strip_comments

ASSETS_SOURCE = Path(__file__).resolve().parent.parent / "assets"
ASSETS_PREFIX = "assets/dealcraft/"
# The compiled questionnaires (one JSON file each, which the quiz fetches), beside the modules and stylesheets.
COMPILED_PREFIX = ASSETS_PREFIX + "questionnaires/"

# Modules by path under javascripts/, without ".mjs"; the first of each group is the entry the page loads.
QUIZ_MODULES = (
    "quiz/quiz",
    "quiz/results",
    "page/mount",
    "page/storage",
    "markup/svg",
    "markup/radar",
    "core/numbers",
    "core/evaluate",
    "core/answers",
    "core/scoring",
)
ZONE_MODULES = ("quiz/zonefigure", "core/zone", "markup/charts")  # imported by the quiz when it has a zone
TOOLS_MODULES = (
    "tools/tools",
    "tools/zone-calculator",
    "tools/zone-view",
    "tools/concession-planner",
    "tools/planner-view",
    "tools/planner",
    "tools/dom",
    "page/mount",
    "page/storage",
    "markup/svg",
    "markup/charts",
    "core/numbers",
    "core/zone",
)
STYLESHEETS = ("dealcraft", "zone", "tools")
# The workshop's own modules: `dealcraft workshop` serves them at the URLs the site would give them, beside the
# site's modules, so they import those by relative path (as node does in the tests). The site never publishes them.
WORKSHOP_MODULES = (
    "workshop/send",
    "workshop/sending",
    "workshop/send-view",
    "workshop/participant",
    "workshop/dealcheck",
    "workshop/dealcheck-view",
    "workshop/dashboard",
    "workshop/dashboard-view",
)


@dataclass(frozen=True)
class Asset:
    """A static file to publish at `path` (relative to the site root), copied from `source`."""

    path: str
    source: Path

    def content(self) -> bytes:
        """The bytes to publish: a JavaScript module without its comments (see strip.py), anything else as is."""
        raw = self.source.read_bytes()
        if self.source.suffix != ".mjs":
            return raw
        stripped = strip_comments(raw.decode("utf-8"))
        return raw if stripped is None else stripped.encode("utf-8")


@dataclass(frozen=True)
class DataAsset:
    """A file the build makes rather than copies (a compiled questionnaire), published at `path` like an Asset."""

    path: str
    data: bytes

    def content(self) -> bytes:
        return self.data


def compiled_asset(questionnaire_id: str, data: bytes) -> DataAsset:
    """A compiled questionnaire as the file its form fetches, named by its id and a hash of its bytes: a browser
    may keep it for good, and a questionnaire that changes is published under a new name."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    return DataAsset(f"{COMPILED_PREFIX}{questionnaire_id}.{digest}.json", data)


def published_files() -> tuple[str, ...]:
    """Every published file, relative to generator/assets/, in a stable order."""
    modules = dict.fromkeys(QUIZ_MODULES + ZONE_MODULES + TOOLS_MODULES)
    scripts = [f"javascripts/{m}.mjs" for m in sorted(modules)]
    return tuple(scripts + [f"stylesheets/{name}.css" for name in STYLESHEETS])


def workshop_scripts() -> dict[str, Path]:
    """The workshop's modules by the URL path the workshop server answers them on."""
    return {
        f"/{ASSETS_PREFIX}javascripts/{m}.mjs": ASSETS_SOURCE / "javascripts" / f"{m}.mjs" for m in WORKSHOP_MODULES
    }


def assets() -> tuple[Asset, ...]:
    """The published files, mirrored under assets/dealcraft/ (the site's URL for them)."""
    return tuple(Asset(ASSETS_PREFIX + name, ASSETS_SOURCE / name) for name in published_files())


def stale_assets(site_dir: Path) -> list[str]:
    """The published files a built site lacks or holds in another version than this dealcraft publishes, by
    path: the workshop serves its own modules beside the site's, so a site built by an older dealcraft (no
    page/mount.mjs, say) would break them."""
    stale = []
    for asset in assets():
        target = site_dir / asset.path
        try:
            same = target.read_bytes() == asset.content()
        except OSError:
            same = False
        if not same:
            stale.append(asset.path)
    return stale
