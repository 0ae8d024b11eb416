"""How a script's error is told in the window: its headline and the script line to mark.

>>> from visualtape.engine.events import ScriptError, SourceLocation
>>> error = ScriptError("ValueError", "bad", "", "/s/util.py", 7, None,
...                     (SourceLocation("/s/train.py", 2, "<module>"),
...                      SourceLocation("/s/util.py", 7, "scale")))
>>> error_headline(error, "/s/train.py"), script_line(error, "/s/train.py")
('ValueError: bad (util.py, line 7)', 2)
"""

from __future__ import annotations

from pathlib import Path

from visualtape import i18n
from visualtape.engine.events import ScriptError


def error_headline(error: ScriptError, script: str | None) -> str:
    """'ValueError: bad (line 7)' in the script; '(util.py, line 7)' in another file."""
    text = f"{error.error_type}: {error.message}"
    if error.line is None:
        return text
    line = i18n.tr("line {line}", line=error.line)
    if is_script_file(error.file, script):
        return f"{text} ({line})"
    return f"{text} ({Path(error.file or '').name}, {line})"


def script_line(error: ScriptError, script: str | None) -> int | None:
    """The script's own line to mark: where the error is, or else the script's line that
    called into the file where it is (its innermost frame in the script)."""
    if error.line is not None and is_script_file(error.file, script):
        return error.line
    for frame in reversed(error.frames):
        if frame.file and is_script_file(frame.file, script):
            return frame.line
    return None


def is_script_file(file: str | None, script: str | None) -> bool:
    return file is None or script is None or Path(file).name == Path(script).name
