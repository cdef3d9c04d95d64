"""From (questionnaire, answers, result, branding) to the template context of one report, validated on the way.

Untrusted values (names, free text, answers) stay plain strings for the autoescaping templates. Every number or
enum that a template puts into an attribute or style is checked here first: scores must be finite and in 0..100,
band indexes small integers, colours #rrggbb. Charts arrive as `Markup` built by `charts.py` from such values.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown as md  # type: ignore[import-untyped]  # no stubs in the venv
from markupsafe import Markup, escape

from generator.answers.document import AnswersDocument
from generator.config import DEFAULT_ACCENT, DEFAULT_TITLE, report_config
from generator.errors import DealcraftError, Problem
from generator.questionnaire.model import Questionnaire, Result
from generator.report import charts
from generator.report.render import check_logo
from generator.scoring import shown_score
from generator.values import bad_text, check_accent, is_answered, parse_timestamp, printable
from generator.zone import compute_zone, format_amount
from generator.zone import summary as zone_summary

if TYPE_CHECKING:
    from generator.report.debrief import PersonalDebrief
    from generator.report.rounds import PersonalChange

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
QUOTE_MAX = 4000  # characters of one free-text answer quoted back; the rest is cut with a note
APPENDIX_TEXT_MAX = 280  # the appendix repeats free text briefly; the full quote is under "In your own words"
DISCLAIMER = (
    "This report is for learning and reflection. It is not a diagnosis, an assessment of ability, or a "
    "prediction of how any negotiation will go. Use it to choose what to practise next."
)
ZONE_STATES = {
    "exists": "A zone exists",
    "none": "No zone",
    "uncertain": "Uncertain",
}


@dataclass(frozen=True)
class Branding:
    """What the facilitator sets once (mkdocs.yml `plugins: - dealcraft: report:`) and flags can override."""

    title: str = DEFAULT_TITLE
    event: str = ""
    facilitator: str = ""
    logo: Path | None = None
    accent: str = DEFAULT_ACCENT
    site_url: str = DEFAULT_SITE_URL
    currency: str = ""  # shows money amounts in this unit instead of the questionnaire's `currency`

    def __post_init__(self) -> None:
        check_accent(self.accent)
        if not re.fullmatch(r"https?://[^\s\"'<>]+", self.site_url):
            raise ValueError(f"site_url must be an http(s) URL, not {self.site_url!r}")


def load_branding(config_file: Path, overrides: Mapping[str, Any] | None = None) -> Branding:
    """The report branding and site_url of mkdocs.yml, loaded and validated by MkDocs; flags win.

    A missing config file is fine (defaults); an invalid one, or a bad value, is a user error naming it.
    """
    if not config_file.is_file():
        return branding_from_config(None, overrides, source=str(config_file))
    from generator.build import load_mkdocs_config

    return branding_from_config(load_mkdocs_config(config_file), overrides, source=str(config_file))


def branding_from_config(config: Any, overrides: Mapping[str, Any] | None = None, *, source: str = "") -> Branding:
    """The branding of an already loaded MkDocs config (None: the defaults), with `overrides` (flags) on top."""
    settings: dict[str, Any] = {}
    if config is not None:
        source = source or str(config.config_file_path)
        if config.site_url:
            url = str(config.site_url)
            settings["site_url"] = url if url.endswith("/") else url + "/"
        report = report_config(config)
        if report is not None:
            settings.update(title=report.title, event=report.event, facilitator=report.facilitator)
            settings.update(accent=report.accent, logo=Path(report.logo) if report.logo else None)
            settings.update(currency=report.currency)
    for key, value in (overrides or {}).items():
        if value is not None:
            settings[key] = str(value) if not isinstance(value, Path) else value
    for key in ("title", "event", "facilitator"):
        if isinstance(settings.get(key), str) and (why := bad_text(settings[key])) is not None:
            message = f"holds {why}; use plain text"
            if (overrides or {}).get(key) is not None:
                raise DealcraftError(Problem(f"--{key}", message=message))
            raise DealcraftError(Problem(source, field=f"plugins.dealcraft.report.{key}", message=message))
    logo_path = settings.get("logo")
    if logo_path is not None:
        try:
            settings["logo"] = check_logo(Path(logo_path))
        except ValueError as exc:
            raise DealcraftError(Problem(str(logo_path), field="logo", message=str(exc))) from None
    try:
        return Branding(**settings)
    except ValueError as exc:
        raise DealcraftError(Problem(source, field="report", message=str(exc))) from None


def printed_score(score: float | None) -> int | None:
    """The scorer's `shown_score` as a template prints it: an int, after refusing anything that is not a number
    in 0..100 (a template puts it into text, attributes and bar widths). None stays None."""
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise ValueError(f"score is not a number: {score!r}")
    if not 0 <= score <= 100:
        raise ValueError(f"score out of range: {score!r}")
    return int(shown_score(float(score)))


def text_dir(text: str) -> str:
    """'rtl' when the first strongly directional character is right-to-left (Arabic, Hebrew), else 'ltr'.

    WeasyPrint does not resolve dir="auto", so the direction of names and free text is decided here.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def guide_url(site_url: str, page: str | None) -> str | None:
    """The public URL of a content page: site_url + the path without `.md` + `/` (index pages map to folders)."""
    if not page:
        return None
    path = page.removesuffix(".md")
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path.removesuffix("index")
    else:
        path += "/"
    return site_url + path.lstrip("/")


@functools.lru_cache(maxsize=512)
def markdown_html(text: str | None) -> Markup:
    """Facilitator-written Markdown as HTML, with any raw HTML in it escaped first, so it stays text.

    Cached: the same feedback texts recur in every report of a batch, and the conversion is pure."""
    if not text:
        return Markup("")
    return Markup(md.markdown(str(escape(text)), output_format="html"))


def markdown_inline(text: str | None) -> Markup:
    """One line of facilitator Markdown (bold, italics, code) as inline HTML, raw HTML escaped first."""
    html = str(markdown_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def w3c_date(value: object) -> str:
    """`submitted_at` as a W3C date-time (WeasyPrint writes it as the PDF's creation and modification date)."""
    moment = _as_datetime(value)
    if moment is None:
        return "2000-01-01T00:00:00Z"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return parse_timestamp(value)
        except ValueError:
            return None
    return None


def human_date(value: object) -> str:
    """A date people read on the cover, in the respondent's own submission time zone (e.g. 25 November 2026)."""
    moment = _as_datetime(value)
    return f"{moment.day} {moment:%B %Y}" if moment else ""


def answer_label(questionnaire: Questionnaire, qid: str, value: Any) -> str:
    """An answer as a person reads it: a likert point with its label, option labels, a number with its unit."""
    question = questionnaire.question(qid)
    if not is_answered(value):
        return "not answered"
    if question.type == "likert":
        scale = questionnaire.scale_for(question)
        labels = list(scale.labels or [])
        index = int(value) - int(scale.min) if isinstance(value, int | float) else -1
        if float(value).is_integer() and 0 <= index < len(labels):
            return f"{_num_text(value)} · {labels[index]}"
        return _num_text(value)
    if question.type in ("choice", "multi"):
        by_id = {option.id: option.label for option in question.options or ()}
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(by_id.get(str(v), str(v)) for v in chosen)
    if question.type == "number":
        unit = question.unit or ""
        return format_amount(float(value), unit) if isinstance(value, int | float) else str(value)
    return str(value)


def _num_text(value: Any) -> str:
    x = float(value)
    return str(int(x)) if x.is_integer() else f"{x:g}"


@dataclass(frozen=True)
class BandInfo:
    """A band as the templates use it: its label, its lower bound, and its position (0 = lowest)."""

    id: str
    label: str
    min: int
    index: int


def bands_info(questionnaire: Questionnaire, did: str | None) -> list[BandInfo]:
    """A dimension's bands (the overall ones for None) as the templates use them, lowest first."""
    bands = questionnaire.bands_for(did) if did else questionnaire.bands
    ordered = sorted(bands, key=lambda b: b.min)
    return [BandInfo(b.id, b.label, int(printed_score(b.min) or 0), i) for i, b in enumerate(ordered)]


def band_of(bands: Sequence[BandInfo], band_id: str | None) -> BandInfo | None:
    """The band with this id, or None (no score)."""
    return next((b for b in bands if b.id == band_id), None)


@dataclass(frozen=True)
class FirstRound:
    """Someone's first round, for the change page of their second report: its scores and when they answered."""

    result: Mapping[str, Any]  # the compact `dealcraft score --json` shape (report.rounds.compact)
    submitted_at: str


@dataclass(frozen=True)
class ReportInput:
    """One validated answers document with its result, where it came from (for failures), and what the batch
    worked out across documents: a role-play debrief page, a first round."""

    source: str
    document: AnswersDocument
    result: Result
    debrief: PersonalDebrief | None = None  # report.debrief.personal_debrief
    first_round: FirstRound | None = None
    only_second_round: bool = False  # a second round whose person has no first round: the report says so


@dataclass(frozen=True)
class ZoneView:
    """The bargaining zone as the report shows it: its state, a sentence, and the diagram when numbers allow."""

    state: str | None
    state_label: str
    summary: str
    svg: Markup | None


@dataclass(frozen=True)
class DimensionView:
    """One dimension's page of the report: the score as shown and unrounded, its band, feedback and next steps."""

    id: str
    title: str
    score: int | None
    raw: float | None
    band: BandInfo | None
    bands: list[BandInfo]
    lean: str | None  # a two-sided dimension's side, as its label ("Leans guarded"); None when balanced
    feedback: Markup
    practice: list[Markup]
    guide_url: str | None
    guide_title: str
    qr: Markup | None
    meter: Markup | None
    own_swatches: list[Markup]  # its bands' fills, when they are not the overall ones; else empty


@dataclass(frozen=True)
class OverallView:
    score: int | None
    band: BandInfo | None
    feedback: Markup


@dataclass(frozen=True)
class ActionView:
    text: Markup
    guide_url: str | None


@dataclass(frozen=True)
class AnswerView:
    """One line of the appendix: the question, the answer as a person reads it, its direction and dimension."""

    text: str
    answer: str
    dir: str
    dimension: str


@dataclass(frozen=True)
class QuoteView:
    question: str
    answer: str
    dir: str


@dataclass(frozen=True)
class QuestionnaireInfo:
    id: str
    title: str
    version: int


@dataclass(frozen=True)
class TemplateContext:
    """A typed template context: its fields are the template's top-level names, and so are a `DocumentHead`'s."""

    def template_vars(self) -> dict[str, Any]:
        """The fields as the template's top-level names (a shallow view: nested values stay typed)."""
        names: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, DocumentHead):
                names.update(value.template_vars())
            else:
                names[f.name] = value
        return names


@dataclass(frozen=True)
class DocumentHead(TemplateContext):
    """What a PDF's metadata (_base.html.j2) and its cover show besides whom it is about. `questionnaire` is
    None for a document about no one questionnaire (the role-play's group debrief)."""

    lang: str
    doc_title: str
    subject: str
    author: str
    created: str
    report_title: str
    questionnaire: QuestionnaireInfo | None
    event: str
    facilitator: str
    date: str
    logo_url: str | None


def document_head(
    branding: Branding, questionnaire: Questionnaire | None, *, doc_title: str, subject: str, submitted_at: object
) -> DocumentHead:
    """The head of a document about answers submitted at `submitted_at` (a group's: the latest; a blank
    booklet's: None, which dates it 2000-01-01 so that the same booklet is the same file).

    PDF metadata is shown by viewers and file managers: no control or bidi characters, whatever came in."""
    return DocumentHead(
        lang="en",
        doc_title=printable(doc_title),
        subject=printable(subject),
        author=printable(branding.facilitator or "dealcraft"),
        created=w3c_date(submitted_at),
        report_title=branding.title,
        questionnaire=(
            QuestionnaireInfo(questionnaire.id, questionnaire.title, questionnaire.version) if questionnaire else None
        ),
        event=branding.event,
        facilitator=branding.facilitator,
        date=human_date(submitted_at),
        logo_url=branding.logo.as_uri() if branding.logo else None,
    )


@dataclass(frozen=True)
class ReportContext(TemplateContext):
    """Everything report.html.j2 needs for one respondent, typed; untrusted text stays plain for autoescape."""

    head: DocumentHead  # its fields are top-level names in the template
    name: str
    name_dir: str
    group: str
    group_dir: str
    accent: str
    overall: OverallView
    bands: list[BandInfo]
    swatches: list[Markup]
    radar: Markup | None
    bars: Markup
    dimensions: list[DimensionView]
    zone: ZoneView | None
    actions: list[ActionView]
    flags: list[ActionView]  # recommendations about the situation (kind: circumstance), printed apart
    two_sided: list[str]  # titles of the dimensions scored on both sides, for the method section
    own_words: list[QuoteView]
    appendix: list[AnswerView]
    unanswered: bool
    disclaimer: str
    debrief: PersonalDebrief | None = None
    change: PersonalChange | None = None  # set by the batch for a second round (report.rounds)
    only_second_round: bool = False  # a second round with no first one to compare with (report.rounds.only_after)


def _zone(questionnaire: Questionnaire, answers: Mapping[str, Any], accent: str) -> ZoneView | None:
    zone = getattr(questionnaire, "zone", None)
    if zone is None:
        return None

    def value(ref: str | None) -> Any:
        if not ref:
            return None
        try:
            questionnaire.question(ref)
        except (KeyError, LookupError, ValueError):
            return ref  # a literal, e.g. role: buyer
        return answers.get(ref)

    role = value(zone.role)
    result = compute_zone(
        role, value(zone.my_limit), value(zone.their_low), value(zone.their_high), value(getattr(zone, "target", None))
    )
    unit = getattr(zone, "unit", "") or ""
    if result.ok and result.state is not None and result.role is not None:
        assert result.my_limit is not None and result.their_low is not None and result.their_high is not None
        svg = charts.zone_diagram(
            charts.ZoneFigure(
                result.my_limit,
                result.their_low,
                result.their_high,
                result.target,
                result.role,
                result.state,
                result.low,
                result.high,
            ),
            accent=accent,
            title=f"Bargaining zone: {ZONE_STATES[result.state]}",
            fmt=lambda v: format_amount(v, unit),
        )
        return ZoneView(result.state, ZONE_STATES[result.state], zone_summary(result, unit), svg)
    return ZoneView(result.state, "Not enough numbers", zone_summary(result, unit), None)


def report_context(item: ReportInput, questionnaire: Questionnaire, branding: Branding) -> ReportContext:
    """Everything report.html.j2 needs for one respondent, from the document and the result scored once."""
    doc, result = item.document, item.result
    accent = check_accent(branding.accent)
    answers: Mapping[str, Any] = doc.answers
    active = result.active
    respondent = doc.respondent
    name = (getattr(respondent, "name", None) or "").strip()
    group = (getattr(respondent, "group", None) or "").strip()

    overall_bands = bands_info(questionnaire, None)
    overall_band = band_of(overall_bands, result.overall.band)
    overall_feedback = (questionnaire.feedback or {}).get(result.overall.band or "", "")

    dimensions: list[DimensionView] = []
    for dim in questionnaire.dimensions:
        res = result.dimensions.get(dim.id)
        score = res.score if res else None
        bands = bands_info(questionnaire, dim.id)
        band = band_of(bands, res.band if res else None)
        shown = printed_score(score)
        url = guide_url(branding.site_url, dim.guide)
        dimensions.append(
            DimensionView(
                id=dim.id,
                title=dim.title,
                score=shown,
                raw=score,
                band=band,
                bands=bands,
                lean=dim.side_label(res.side) if res else None,
                feedback=markdown_html((dim.feedback or {}).get(band.id, "") if band else ""),
                practice=[markdown_inline(p) for p in dim.practice or ()],
                guide_url=url,
                guide_title=_page_title(dim.guide),
                qr=charts.qr_code(url, title=f"QR code for {url}") if url else None,
                meter=charts.meter(shown, band.index) if shown is not None and band is not None else None,
                own_swatches=[charts.swatch(b.index) for b in bands] if bands != overall_bands else [],
            )
        )

    radar = charts.radar_if_any(
        [charts.Axis(d.title, d.raw) for d in dimensions],
        accent=accent,
        title="Radar chart of your dimension scores (0 to 100)",
    )
    thresholds = [b.min for b in overall_bands if b.min > 0]
    bars = charts.bars(  # drawn to the shown score, so a bar labelled "40 · Getting there" reaches the 40 line
        [
            charts.Bar(
                d.title,
                d.score,
                d.band.label if d.band else "",
                d.band.index if d.band else 0,
                tuple(b.min for b in d.bands if b.min > 0) if d.own_swatches else None,  # its own bands' starts
            )
            for d in dimensions
        ],
        thresholds=thresholds,
        title="Bar chart of your dimension scores with band boundaries",
    )

    by_id = {r.id: r for r in questionnaire.recommendations}
    shown_recs = [
        (by_id[rid].kind, ActionView(markdown_inline(by_id[rid].text), guide_url(branding.site_url, by_id[rid].guide)))
        for rid in result.recommendations
        if rid in by_id
    ]
    flags = [view for kind, view in shown_recs if kind == "circumstance"]
    actions = [view for kind, view in shown_recs if kind != "circumstance"]

    appendix: list[AnswerView] = []
    own_words: list[QuoteView] = []
    dim_titles = {d.id: d.title for d in questionnaire.dimensions}
    for question in questionnaire.questions:
        if question.id not in active:
            continue
        value = answers.get(question.id)
        label = answer_label(questionnaire, question.id, value)
        if question.type == "text" and len(label) > APPENDIX_TEXT_MAX:
            label = label[:APPENDIX_TEXT_MAX].rstrip() + "… (in full under “In your own words”)"
        appendix.append(AnswerView(question.text, label, text_dir(label), dim_titles.get(question.dimension or "", "")))
        if question.type == "text" and isinstance(value, str) and value.strip():
            quote = value.strip()
            if len(quote) > QUOTE_MAX:
                quote = quote[:QUOTE_MAX].rstrip() + " … [shortened for the report]"
            own_words.append(QuoteView(question.text, quote, text_dir(quote)))

    who = name or "Participant"
    return ReportContext(
        head=document_head(
            branding,
            questionnaire,
            doc_title=f"{branding.title}: {who}",
            subject=questionnaire.title,
            submitted_at=doc.submitted_at,
        ),
        name=name,
        name_dir=text_dir(name),
        group=group,
        group_dir=text_dir(group),
        accent=accent,
        overall=OverallView(printed_score(result.overall.score), overall_band, markdown_html(overall_feedback)),
        bands=overall_bands,
        swatches=[charts.swatch(b.index) for b in overall_bands],
        radar=radar,
        bars=bars,
        dimensions=dimensions,
        zone=_zone(questionnaire, answers, accent),
        actions=actions,
        flags=flags,
        two_sided=[d.title for d in questionnaire.dimensions if d.sides is not None],
        own_words=own_words,
        appendix=appendix,
        unanswered=any(
            q.required and q.id in active and not is_answered(answers.get(q.id)) for q in questionnaire.questions
        ),
        disclaimer=DISCLAIMER,
        debrief=item.debrief,
    )


def _page_title(page: str | None) -> str:
    """A readable name for a guide page when its title is not at hand (steps/motivations.md → motivations)."""
    if not page:
        return ""
    stem = page.removesuffix(".md").rsplit("/", 1)[-1]
    return stem.replace("-", " ")
