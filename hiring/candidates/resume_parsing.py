"""Reading a resume file in a child process, so that a hostile or huge file costs a
bounded time and memory and never the web worker's.

pypdf and python-docx run in a process started from a ``forkserver``: a clean,
single-threaded server that forks a fresh child per file, so it is safe under
threaded gunicorn workers and test runners alike (forking the worker itself would
copy its threads' locks and its database connections). The child gets an address-
space limit; the parent waits at most ``ParseLimits.seconds`` and kills it after.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from hiring.candidates.resumes import (
    Extraction,
    ParseLimits,
    ResumeRejected,
    extract_limited,
    not_extracted,
)

log = logging.getLogger("hiring.candidates.resumes")

START_METHOD = "forkserver"
# Imported once by the fork server, so each child starts with the parsers loaded.
PRELOAD = ["hiring.candidates.resumes", "pypdf", "docx"]

_OK, _REJECTED, _OUT_OF_MEMORY = "ok", "rejected", "memory"


class ChildTimedOut(Exception):
    """The child ran out of time and was killed."""


class ChildDied(Exception):
    """The child ended without an answer (killed by the system, or crashed)."""


def _limit_memory(max_bytes: int) -> None:
    if max_bytes <= 0:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    except (ImportError, ValueError, OSError):  # not on this system: the timeout remains
        pass


def _child(
    answer: Connection, target: Callable[..., Any], args: tuple[Any, ...], max_memory: int
) -> None:
    _limit_memory(max_memory)
    try:
        result: tuple[str, Any] = (_OK, target(*args))
    except ResumeRejected as exc:
        result = (_REJECTED, str(exc))
    except MemoryError:
        result = (_OUT_OF_MEMORY, None)
    try:
        answer.send(result)
    except MemoryError:
        answer.send((_OUT_OF_MEMORY, None))
    finally:
        answer.close()


def run_in_child(
    target: Callable[..., Any], args: tuple[Any, ...], *, seconds: float, max_memory: int = 0
) -> Any:
    """``target(*args)`` in a child process; ``ChildTimedOut`` after ``seconds``.

    ``target`` must be importable by name (a module-level function). A
    ``ResumeRejected`` raised in the child is raised again here; a ``MemoryError``
    too."""
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        context.set_forkserver_preload(PRELOAD)  # no effect once the server runs
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sending, target, args, max_memory), name="resume-parser", daemon=True
    )
    try:
        try:
            process.start()
        except (OSError, RuntimeError) as exc:  # no process to be had: say so, never a 500
            log.exception("could not start the resume reader")
            raise ChildDied from exc
        sending.close()
        try:
            if not receiving.poll(seconds):
                raise ChildTimedOut
            kind, value = receiving.recv()
        except (EOFError, OSError) as exc:
            raise ChildDied from exc
    finally:
        receiving.close()
        sending.close()
        if process.pid is not None:  # started
            if process.is_alive():
                process.kill()
            process.join()
            process.close()
    if kind == _REJECTED:
        raise ResumeRejected(value)
    if kind == _OUT_OF_MEMORY:
        raise MemoryError
    return value


def extract(data: bytes, content_type: str, limits: ParseLimits) -> Extraction:
    """The file's text, read in a child process within ``limits``.

    A limit reached gives an ``Extraction`` without text and a note saying which;
    ``ResumeRejected`` means the file cannot be read at all."""
    try:
        return run_in_child(
            extract_limited,
            (data, content_type, limits),
            seconds=limits.seconds,
            max_memory=limits.max_memory,
        )
    except ChildTimedOut:
        log.warning("reading a %s of %d bytes timed out", content_type, len(data))
        unit = "second" if limits.seconds == 1 else "seconds"
        return not_extracted(
            f"reading the file took longer than {limits.seconds:g} {unit}, "
            "far more than a resume needs"
        )
    except MemoryError:
        log.warning("reading a %s of %d bytes ran out of memory", content_type, len(data))
        return not_extracted("reading the file needed more memory than allowed")
    except ChildDied:
        log.warning("the reader of a %s of %d bytes died", content_type, len(data))
        return not_extracted("the reader stopped on this file (it may be damaged)")
