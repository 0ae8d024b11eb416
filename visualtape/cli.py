"""The `visualtape` command.

    visualtape                      open the app (sample gallery)
    visualtape SCRIPT.py            open the app and run the script
    visualtape FILE.vtape           open the app and replay a saved session
    visualtape run SCRIPT.py [--json] [--save FILE.vtape] [--timeout S] [--full-values]
                  [--memory-limit MB] [-- SCRIPT ARGS...]
                                    run headless, print the output and a summary
    visualtape render ...           render frames or the animation without a screen

`run` never imports Qt; the app and `render` are imported only when asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from visualtape.runner.process import ScriptRun
from visualtape.runner.report import format_text, to_json_data
from visualtape.runner.summary import summarize
from visualtape.session.values import ValueBudget

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `visualtape` console script and `python -m visualtape`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run":
        return run_command(args[1:])
    if args and args[0] == "render":
        from visualtape.ui.render import render_cli

        return render_cli(args[1:])
    return open_app(args)


def open_app(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="visualtape",
        description="See reverse-mode autodiff happen. Subcommands: run, render.",
        epilog="visualtape run SCRIPT.py runs headless; visualtape render -h for rendering.",
    )
    parser.add_argument("path", nargs="?", help="a script (.py) to run or a session (.vtape)")
    options = parser.parse_args(args)
    from visualtape.ui.app import launch

    return launch(options.path)


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visualtape run",
        description="Run a script headless on the visualtape engine and summarise its tapes.",
        epilog="Arguments after `--` are passed to the script as sys.argv[1:].",
    )
    parser.add_argument("script", help="the Python script to run")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--save", metavar="FILE.vtape", help="save the session to this file")
    parser.add_argument("--timeout", type=float, metavar="S", help="stop after S seconds")
    parser.add_argument(
        "--full-values", action="store_true", help="keep every array whole (no summaries)"
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=4096,
        metavar="MB",
        help="address-space limit of the script process (default 4096, 0 for none)",
    )
    return parser


def run_command(args: list[str]) -> int:
    """`visualtape run`: exit status 0 when the script ran cleanly, else non-zero."""
    own, script_args = _split_script_args(args)
    options = _run_parser().parse_args(own)
    if not Path(options.script).is_file():
        print(f"visualtape run: no such script: {options.script}", file=sys.stderr)
        return EXIT_USAGE
    budget = ValueBudget(full_values=options.full_values)
    run = ScriptRun(
        options.script,
        argv=script_args,
        timeout=options.timeout,
        memory_limit_mb=options.memory_limit or None,
        budget=budget,
        # JSON mode keeps stdout for the JSON: the script's own output goes to stderr.
        output=2 if options.json else None,
    )
    interrupted = _run_to_end(run)
    summary = summarize(run.events)
    if options.save:
        _save(run, options.save, budget)
    if options.json:
        print(json.dumps(to_json_data(summary), indent=2))
    else:
        print(_rule("visualtape summary"))
        print(format_text(summary))
    if interrupted:
        return EXIT_INTERRUPTED
    return _exit_status(summary.exit_code, summary.failed)


def _split_script_args(args: list[str]) -> tuple[list[str], list[str]]:
    if "--" in args:
        cut = args.index("--")
        return args[:cut], args[cut + 1 :]
    return args, []


def _run_to_end(run: ScriptRun) -> bool:
    """Start `run` and wait for it; Ctrl-C stops the script. True if interrupted."""
    run.start()
    try:
        run.wait()
    except KeyboardInterrupt:
        run.stop()
        run.wait()
        return True
    return False


def _save(run: ScriptRun, path: str, budget: ValueBudget) -> None:
    from visualtape.session.sessionfile import write_session

    metadata = {"script": str(run.path), "argv": list(run.argv)}
    count = write_session(path, run.events, budget=budget, metadata=metadata)
    print(f"visualtape: saved {count} events to {path}", file=sys.stderr)


def _exit_status(exit_code: int | None, failed: bool) -> int:
    if exit_code is not None and exit_code > 0:
        return min(exit_code, 255)
    return 1 if failed else 0


def _rule(title: str) -> str:
    return f"---- {title} " + "-" * max(4, 60 - len(title))


if __name__ == "__main__":  # pragma: no cover - `python -m visualtape` goes through __main__.py
    sys.exit(main())
