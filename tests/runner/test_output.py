"""Output capture without a child process: the cap, line buffering and ordering with events."""

from __future__ import annotations

import io
import os
import threading

import pytest

from visualtape.engine import events as ev
from visualtape.runner.capture import OutputLimiter, TeeStream, captured_output
from visualtape.runner.channel import FORK_NOTE, PARTIAL_LINE_LIMIT, EventChannel


def collect() -> tuple[list[ev.Event], EventChannel]:
    sent: list[ev.Event] = []
    return sent, EventChannel(sent.append, head_chars=100, tail_chars=20)


def test_limiter_passes_small_output_whole() -> None:
    sent: list[tuple[str, str]] = []
    limiter = OutputLimiter(lambda t, s: sent.append((t, s)), head_chars=10, tail_chars=5)
    limiter.add("abc", "stdout")
    limiter.add("de", "stderr")
    limiter.finish()
    assert sent == [("abc", "stdout"), ("de", "stderr")]


def test_limiter_keeps_head_and_tail_and_counts_the_rest() -> None:
    sent: list[str] = []
    limiter = OutputLimiter(lambda t, s: sent.append(t), head_chars=10, tail_chars=5)
    for i in range(100):
        limiter.add(f"{i:03d}\n", "stdout")  # 400 characters
    limiter.finish()
    text = "".join(sent)
    assert text.startswith("000\n001\n00")
    assert text.endswith("\n099\n")
    assert "[visualtape: 385 characters of output dropped]" in text


def test_channel_makes_one_event_per_line() -> None:
    sent, channel = collect()
    for piece in ("a", "b", "\n", "c\nd"):
        channel.print_text(piece, "stdout")
    assert sent == [ev.PrintOutput("ab\n"), ev.PrintOutput("c\n")]
    channel.close()
    assert sent[-1] == ev.PrintOutput("d")


def test_pending_text_goes_out_before_the_next_event() -> None:
    sent, channel = collect()
    channel.print_text("no newline yet", "stdout")
    channel.emit(ev.TapeClosed(1))
    channel.print_text("err\n", "stderr")
    assert sent == [
        ev.PrintOutput("no newline yet"),
        ev.TapeClosed(1),
        ev.PrintOutput("err\n", "stderr"),
    ]


def test_switching_streams_keeps_the_order() -> None:
    sent, channel = collect()
    channel.print_text("out", "stdout")
    channel.print_text("err\n", "stderr")
    assert sent == [ev.PrintOutput("out"), ev.PrintOutput("err\n", "stderr")]


def test_a_very_long_line_is_not_held_back() -> None:
    sent: list[ev.Event] = []
    channel = EventChannel(sent.append)
    channel.print_text("x" * PARTIAL_LINE_LIMIT, "stdout")
    assert sent == [ev.PrintOutput("x" * PARTIAL_LINE_LIMIT)]


def test_a_broken_pipe_stops_sending_quietly() -> None:
    def broken(event: ev.Event) -> None:
        raise BrokenPipeError

    channel = EventChannel(broken)
    channel.emit(ev.TapeClosed(1))
    channel.print_text("x\n", "stdout")
    assert channel.broken


def test_tee_writes_to_the_real_stream_and_the_channel() -> None:
    sent, channel = collect()
    real = io.StringIO()
    tee = TeeStream(real, channel, "stdout")
    print("hi", 3, file=tee)
    assert real.getvalue() == "hi 3\n" and sent == [ev.PrintOutput("hi 3\n")]
    assert tee.writable() and not tee.isatty() and tee.encoding == "utf-8"


def test_tee_survives_a_closed_real_stream() -> None:
    sent, channel = collect()
    real = io.StringIO()
    real.close()
    tee = TeeStream(real, channel, "stderr")
    tee.write("still captured\n")
    assert sent == [ev.PrintOutput("still captured\n", "stderr")]


def test_captured_output_from_threads_keeps_whole_lines() -> None:
    sent: list[ev.Event] = []
    channel = EventChannel(sent.append)

    def worker(n: int) -> None:
        for i in range(200):
            print(f"thread {n} line {i}")

    with captured_output(channel):
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    channel.close()
    lines = "".join(e.text for e in sent if isinstance(e, ev.PrintOutput)).splitlines()
    assert sorted(lines) == sorted(f"thread {n} line {i}" for n in range(4) for i in range(200))
    for n in range(4):
        mine = [line for line in lines if line.startswith(f"thread {n} ")]
        assert mine == [f"thread {n} line {i}" for i in range(200)]


def test_a_forked_process_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    sent, channel = collect()
    channel.print_text("parent\n", "stdout")
    monkeypatch.setattr(os, "getpid", lambda: -1)  # what os.getpid() says in a forked child
    channel.print_text("child\n", "stdout")
    channel.emit(ev.PrintOutput("child event\n"))
    channel.close()
    assert sent == [ev.PrintOutput("parent\n")]


def test_the_fork_note_is_sent_once() -> None:
    sent, channel = collect()
    assert channel.note_fork() and not channel.note_fork()
    assert sent == [ev.PrintOutput(FORK_NOTE, "stderr")]
