"""Readers that misbehave, for the reading process's tests: they run in the child, which
imports them by module name (its sys.path is the tests' own)."""

from __future__ import annotations

import os
import signal
import time


def hang(data: bytes, name: str) -> list:
    time.sleep(600)
    return []


def crash(data: bytes, name: str) -> list:
    os.kill(os.getpid(), signal.SIGSEGV)
    return []


def bloat(data: bytes, name: str) -> list:
    return [bytearray(8 << 30)]  # more than the child may have


def fail(data: bytes, name: str) -> list:
    raise ValueError("a library bug\nover two lines")


def pid(data: bytes, name: str) -> list:
    from briefing.core.corpus.formats.base import Extracted

    return [Extracted("text", str(os.getpid()))]
