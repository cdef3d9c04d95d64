"""Every size and range limit in one place, so "1 MB" means one thing and Python and the browser cannot drift.

`CLIENT_LIMITS` is shipped in each compiled questionnaire's JSON (`limits`), and quiz.mjs reads its caps from
there instead of restating them.
"""

from __future__ import annotations

from typing import Final

MB: Final = 1_000_000
"""One megabyte, as every message says it: 10^6 bytes."""

MAX_ANSWERS_BYTES: Final = MB
"""An answers document (a .json file, one JSONL line, one POST body) larger than this is refused unread."""

MAX_QUESTIONNAIRE_BYTES: Final = MB
"""A questionnaire YAML file larger than this is refused."""

MAX_MAP_BYTES: Final = MB
"""A CSV column-mapping file larger than this is refused."""

MAX_CSV_ROW_BYTES: Final = 64_000
"""One CSV row larger than this is refused (the others are still read)."""

MAX_JSON_DEPTH: Final = 16
"""Answers nest three levels deep (document, answers, a multi list); anything past this is refused."""

MAX_INT_DIGITS: Final = 16
"""An integer with more digits than this is refused while parsing, before Python builds it."""

MAX_NUMBER: Final = 1e12
"""The largest magnitude of a number answer or a number question's bound: the zone maths stay exact below it."""

NUMBER_DECIMALS: Final = 2
"""The most decimals a number answer may have (a question's `decimals` may ask for fewer): results and reports
show numbers, money above all, to two decimals, so an answer with more could compare unequal to what it prints
as (a limit of 100.004 against 100: "a zone exists", and a distance printed as 0)."""

MAX_TEXT: Final = 10_000
"""The longest text answer accepted, in characters, in Python and in the browser."""

MAX_FIELD: Final = 200
"""The longest respondent name, email or group accepted, in characters."""

MAX_SCALE_POINTS: Final = 11
"""A Likert scale has at most this many points (0..10 is the widest common one)."""

MAX_SCALE_END: Final = 10
"""A Likert scale's ends stay within -10..10 (with MAX_SCALE_POINTS, the schema can state them)."""

MAX_ECHO: Final = 80
"""An untrusted value quoted back in a message is cut to this many characters."""

MIN_RADAR_AXES: Final = 3
"""Fewer dimensions than this draw a line, not a profile: no radar, the bars alone."""

MAX_RADAR_AXES: Final = 12
"""More dimensions than this crowd a radar's labels into each other: no radar, the bars alone (report and browser)."""

MAX_ASSET_BYTES: Final = 2 * MB
"""A logo (or any report asset) larger than this is refused."""

CLIENT_LIMITS: Final = {
    "text": MAX_TEXT,
    "field": MAX_FIELD,
    "scale_points": MAX_SCALE_POINTS,
    "number": MAX_NUMBER,
    "decimals": NUMBER_DECIMALS,
    "radar_axes": [MIN_RADAR_AXES, MAX_RADAR_AXES],
}
"""The limits the browser applies too; compiled into every questionnaire's JSON."""
