"""`visualtape render`: draw a script's or a `.vtape` session's tape without a screen.

    visualtape render SCRIPT.py|FILE.vtape -o OUT.png|.svg|.gif|.mp4
                      [--step N] [--range A:B] [--tape ID] [--fps F] [--no-smooth]

One frame (PNG, SVG) at step N (default: the last); the animation (GIF, MP4) of the steps A:B
(default: all); `--range` with a .png output writes a numbered series OUT_<step>.png for slides.
Steps are 0-based player indices and a range is half-open (`--range 0:3` is steps 0, 1, 2). An
animation shows each step's eased transition as the app does, at F frames per second (default
12.5 for a GIF, 25 for an MP4); `--no-smooth` writes one picture per step instead. The picture
is the window's centre (legend, canvas, caption, timeline), drawn with Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from visualtape.ui.export import Motion

RENDER_SIZE = (1600, 900)
SCRIPT_TIMEOUT = 300.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="visualtape render", description=__doc__.split("\n")[0])
    parser.add_argument("input", help="a script (.py) or a session file (.vtape)")
    parser.add_argument("-o", "--output", required=True, help="OUT.png, .svg, .gif or .mp4")
    parser.add_argument("--step", type=int, default=None, help="frame index (default: last)")
    parser.add_argument(
        "--range", dest="range", default=None, metavar="A:B", help="steps A..B-1 (animations)"
    )
    parser.add_argument("--tape", type=int, default=None, help="tape id (default: automatic)")
    parser.add_argument(
        "--fps",
        type=float,
        default=None,
        metavar="F",
        help="animation frames per second (default: 12.5 for GIF, 25 for MP4)",
    )
    parser.add_argument(
        "--smooth",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="ease each step's transition as the app does (default), or one picture per step",
    )
    return parser


def _options(args: Any) -> argparse.Namespace:
    """Accept an argv list (from the CLI) or an object with .input/.output/.step."""
    if isinstance(args, Sequence) and not isinstance(args, str):
        return _parser().parse_args(list(args))
    return argparse.Namespace(
        input=args.input,
        output=args.output,
        step=getattr(args, "step", None),
        range=getattr(args, "range", None),
        tape=getattr(args, "tape", None),
        fps=getattr(args, "fps", None),
        smooth=getattr(args, "smooth", True),
    )


def load_events(path: str) -> tuple[list[object], str | None]:
    """Events of a session file, or of a headless run of a script; plus a warning, if any."""
    if path.endswith(".vtape"):
        from visualtape.session.sessionfile import read_session

        result = read_session(path)
        return list(result.events), result.error
    from visualtape.runner.process import ScriptRun

    run = ScriptRun(path, timeout=SCRIPT_TIMEOUT, output=subprocess.DEVNULL, threaded=False)
    run.start()
    run.wait()
    return list(run.poll()), None


def render_cli(args: Any) -> int:
    """Render; 0 on success, 1 on a failure, 2 for an unsupported output format or bad options."""
    options = _options(args)
    suffix = Path(options.output).suffix.lower()
    if suffix not in (".png", ".svg", ".gif", ".mp4"):
        print(f"visualtape render: unknown output format {suffix!r}", file=sys.stderr)
        return 2
    animation = suffix in (".gif", ".mp4")
    if options.step is not None and animation:
        print("visualtape render: --step draws one frame (.png, .svg); an animation takes "
              "--range", file=sys.stderr)  # fmt: skip
        return 2
    if options.range is not None and suffix == ".svg":
        print("visualtape render: --range needs .gif, .mp4 or .png (a series)", file=sys.stderr)
        return 2
    from visualtape.ui.export import ExportError, Motion

    try:
        motion = Motion(fps=options.fps, smooth=options.smooth)
    except ExportError as error:
        print(f"visualtape render: {error}", file=sys.stderr)
        return 2
    if not Path(options.input).exists():
        print(f"visualtape render: no such file: {options.input}", file=sys.stderr)
        return 1
    events, warning = load_events(options.input)
    if warning:
        print(f"visualtape render: warning: {warning}", file=sys.stderr)
    done, message = render_events(
        events, options.input, options.output, options.step, options.tape, options.range, motion
    )
    if message:
        print(f"visualtape render: {message}", file=sys.stderr)
        return 1
    print(done)
    return 0


def render_events(
    events: list[object],
    source: str,
    output: str,
    step: int | None,
    tape: int | None = None,
    steps: str | None = None,
    motion: Motion | None = None,
) -> tuple[str, str | None]:
    """Draw the session made of `events` into `output` (a frame, an animation or a PNG series).

    Returns (what was written, an error text or None).
    """
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from visualtape.session.model import Session
    from visualtape.ui.app import application
    from visualtape.ui.main_window import MainWindow

    application()
    window = MainWindow()
    try:
        for dock in window.docks.values():
            dock.hide()
        window.resize(*RENDER_SIZE)
        window.presenter.reset(Session.from_events(events), source)
        if tape is not None:
            known = sorted(window.presenter.session.tapes)
            if tape not in known:
                shown = f"{known[0]}..{known[-1]}" if known else "none"
                return "", f"no tape {tape} in this session (tapes {shown})"
            window.presenter.choose_tape(tape)
        if window.player.count == 0:
            return "", "nothing to draw: the session recorded no tape"
        count = window.player.count
        index = count - 1 if step is None else step
        if not -count <= index < count:
            return "", f"step {step} is outside the timeline (0..{count - 1})"
        window.player.seek(index % count)
        return _save(window, output, index % count, steps, motion)
    finally:
        window.close()
        window.deleteLater()


def _save(
    window: Any, output: str, step: int, steps: str | None, motion: Motion | None
) -> tuple[str, str | None]:
    from visualtape.ui import export

    window.show()  # offscreen: lays the widgets out without a screen
    export.settle(window)
    window.canvas.fit()
    try:
        chosen = export.parse_range(steps, window.player.count) if steps else None
        return export.export_any(window, output, step, chosen, motion), None
    except export.ExportError as error:
        return "", str(error)
    except OSError as error:
        return "", f"could not write {output}: {error}"
