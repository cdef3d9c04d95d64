"""The report queue's order: a participant's own report first; routine renders wait for a quiet moment."""

from __future__ import annotations

import time

from generator.report.context import Branding
from generator.workshop.jobs import QUIET, ReportJobs


def test_an_asked_for_report_jumps_the_queue_and_a_resend_supersedes() -> None:
    jobs = ReportJobs(store=None, room_id="r", questionnaires={}, branding=Branding())  # type: ignore[arg-type]
    for submission in (1, 2, 3):
        jobs.enqueue(submission, 1)
    jobs.enqueue(3, 2)  # participant 3 sent again before their report was made
    jobs.enqueue(2, 1, urgent=True)  # participant 2 presses "Download my report"
    with jobs._cond:
        start = time.monotonic()
        assert jobs._next() == (2, 1)
        assert time.monotonic() - start < QUIET / 2  # at once, although sends are still arriving
        assert jobs._next() == (1, 1)
        assert time.monotonic() - start >= QUIET * 0.9  # routine work waited for the burst of sends to end
        assert jobs._next() == (3, 2)  # the first send's render was dropped: only the current one is made
        assert jobs._heap == [] or all(entry[2] not in jobs._queued for entry in jobs._heap)
    assert jobs.pending() == 0
