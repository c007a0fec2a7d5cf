"""`parallel.Stream`: a child's results, taken as they come, in the order sent."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest

from policyc import parallel


@pytest.fixture(autouse=True)
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYC_JOBS", "2")


def test_results_come_in_order_while_the_child_works() -> None:
    def work(send: Callable[[Any], None]) -> None:
        for i in range(3):
            send((i, b"x" * 100_000 * i))
        time.sleep(0.3)  # still running when the first results are taken
        send((3, "last"))

    stream = parallel.Stream(work)
    assert stream.child is not None
    taken: list[Any] = []
    deadline = time.monotonic() + 10
    while len(taken) < 3 and time.monotonic() < deadline:
        taken.extend(stream.poll())
    rest, complete = stream.finish()
    assert complete and [i for i, _ in taken] == [0, 1, 2] and rest == [(3, "last")]
    assert taken[2][1] == b"x" * 200_000


def test_a_failing_child_keeps_what_it_sent() -> None:
    def work(send: Callable[[Any], None]) -> None:
        send("first")
        raise RuntimeError("broken")

    stream = parallel.Stream(work)
    assert stream.finish() == (["first"], False)
    assert stream.poll() == []


def test_a_killed_child_sends_nothing_more() -> None:
    def work(send: Callable[[Any], None]) -> None:
        time.sleep(30)

    stream = parallel.Stream(work)
    child = stream.child
    assert child is not None
    stream.kill()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped
    assert stream.finish() == ([], False)


def test_without_a_child_nothing_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "start", lambda _work: None)  # no fork possible
    stream = parallel.Stream(lambda send: send(1))
    assert stream.child is None and stream.finish() == ([], False)


def test_more_results_than_a_pipe_holds_unread() -> None:
    """`finish` reads the sizes while it waits: a child sending more of them than the pipe
    holds (64 KiB: 8,192 sizes) is never stuck."""

    def work(send: Callable[[Any], None]) -> None:
        for i in range(20_000):
            send(i)

    stream = parallel.Stream(work)
    assert stream.finish() == (list(range(20_000)), True)
