"""gc_paused: the cyclic collector is off inside, back on after (nested, threads, errors), and
the report functions run with it paused."""
from __future__ import annotations

import gc
import threading

import pytest

from core.gcpause import gc_paused, with_gc_paused


def test_paused_inside_and_restored_after_nesting_and_errors():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_two_threads_end_with_the_last():
    inside, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(5)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_the_report_functions_run_with_the_collector_paused(monkeypatch):
    from core import reporting
    from exporters import weekly_report
    from storage import reports

    for fn in (reports.gather, reporting.build_report, weekly_report.write_report, weekly_report.build_workbook):
        assert getattr(fn, "__wrapped__", None) is not None, fn.__name__
    seen = []
    probe = with_gc_paused(lambda: seen.append(gc.isenabled()))
    probe()
    assert seen == [False] and gc.isenabled()
