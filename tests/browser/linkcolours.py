"""The link hover/focus contrast check shared by the guide's and the scaffold's browser tests."""

from __future__ import annotations

from typing import Any


def rgb(css: str) -> tuple[float, float, float, float]:
    """A computed `rgb(...)` or `rgba(...)` colour as (r, g, b, alpha)."""
    assert css.startswith("rgb"), css
    parts = [float(c) for c in css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    """WCAG 2's contrast ratio of two opaque colours."""
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The link's colour and the colour behind it: the first ancestor with an opaque background (Material's are).
_COLOURS = """link => {
    let el = link, bg = 'rgba(0, 0, 0, 0)';
    while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
        bg = getComputedStyle(el).backgroundColor;
        el = el.parentElement;
    }
    return [getComputedStyle(link).color, bg];
}"""
_SETTLED = (
    "document.getAnimations().every(a => a.playState !== 'running' "
    "|| a.effect?.getComputedTiming().iterations === Infinity)"
)


def check_hover_and_focus(page: Any, link: Any, scheme: str) -> tuple[str, str]:
    """Hover, then focus, `link`: each state reads at 4.5:1 and differs from the resting colour by more than a shade.
    Returns the resting colour and the one behind the link, for the caller's own checks."""
    page.mouse.move(0, 0)
    page.wait_for_function(_SETTLED, polling=50, timeout=5000)
    rest, behind = link.evaluate(_COLOURS)
    for state in ("hover", "focus"):
        if state == "hover":
            link.hover()
        else:
            page.mouse.move(0, 0)
            link.focus()
        page.wait_for_function(_SETTLED, polling=50, timeout=5000)
        colour, background = link.evaluate(_COLOURS)
        fg, bg = rgb(colour), rgb(background)
        assert fg[3] == 1.0 and bg[3] == 1.0, (colour, background)
        ratio = contrast(fg[:3], bg[:3])
        assert ratio >= 4.5, f"{scheme} {state}: {colour} on {background} is {ratio:.2f}:1"
        assert colour != rest, f"{scheme} {state}: the link keeps its resting colour {rest}"
        # Apart from the resting colour by more than a shade: the channels differ by at least 60 in all.
        assert sum(abs(a - b) for a, b in zip(fg[:3], rgb(rest)[:3], strict=True)) >= 60, (colour, rest)
    return rest, behind
