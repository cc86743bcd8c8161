"""Ctrl-C in tests: interrupt a long newsnlp call from a timer thread, safely."""

from __future__ import annotations

import _thread
import faulthandler
import gc
import sys
import threading
import time
from typing import Callable

import pytest


def interrupt_during(run: Callable[[], object], delay: float, deadline: float = 60.0) -> float:
    """Calls ``run()`` repeatedly until a KeyboardInterrupt, sent by a timer thread after
    ``delay`` seconds, stops it; returns the seconds from the interrupt to its delivery.

    The loop (not a single call) makes the test immune to a fast machine finishing first;
    faulthandler kills the process with a traceback instead of letting a bug hang CI; it
    writes to the process's own stderr, which has a file descriptor under every pytest
    capture mode (sys.stderr has none under --capture=sys).
    The garbage collector is off meanwhile: a signal handled inside a gc callback (as
    hypothesis installs one) raises there, where it is unraisable, and never reaches pipe."""
    sent: list[float] = []

    def fire() -> None:
        sent.append(time.monotonic())
        _thread.interrupt_main()

    faulthandler.dump_traceback_later(deadline + 30, exit=True, file=sys.__stderr__)
    timer = threading.Timer(delay, fire)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.monotonic()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            while time.monotonic() - started < deadline:
                run()
        caught = time.monotonic()
    finally:
        timer.cancel()
        timer.join()
        if gc_was_enabled:
            gc.enable()
        faulthandler.cancel_dump_traceback_later()
    assert sent, "the timer never fired"
    return caught - sent[0]
