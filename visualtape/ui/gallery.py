"""The sample gallery: every `samples/*.py` with the first line of its docstring as its title,
shown in the UI language when `translations/sample_titles.py` has it (`i18n.tr`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visualtape import i18n
from visualtape.ui import theme


@dataclass(frozen=True)
class SampleEntry:
    path: Path
    title: str  # first docstring line (English), or the file name

    @property
    def shown(self) -> str:
        """The list item's text: file name, then the title in the UI language."""
        return f"{self.path.stem}\n    {i18n.tr(self.title)}"


def default_samples_dir() -> Path:
    """`samples/` next to the package (a source checkout)."""
    return Path(__file__).resolve().parents[2] / "samples"


def first_docstring_line(path: Path) -> str:
    """The first non-empty docstring line of a script ('' when none or unparsable)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ""
    doc = ast.get_docstring(tree) or ""
    return next((line.strip() for line in doc.splitlines() if line.strip()), "")


def list_samples(directory: Path) -> list[SampleEntry]:
    """Samples sorted by file name; private files (`_*.py`) are skipped."""
    if not directory.is_dir():
        return []
    paths = sorted(p for p in directory.glob("*.py") if not p.name.startswith("_"))
    return [SampleEntry(p, first_docstring_line(p) or p.stem) for p in paths]


class SampleGallery(QWidget):
    """A list of samples; double-click, Enter or "Run" emits `sample_chosen(path)`."""

    sample_chosen = Signal(str)

    def __init__(self, directory: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleGallery")
        self.header = QLabel()
        self.header.setObjectName("galleryHeader")
        self.header.setWordWrap(True)
        self._list = QListWidget()
        self._list.setWordWrap(True)
        self._list.itemActivated.connect(self._on_item_activated)
        self._hint = QLabel()
        self._hint.setWordWrap(True)
        self._run = QPushButton()
        self._run.clicked.connect(self._on_run_clicked)
        self._directory = directory or default_samples_dir()
        self._entries: list[SampleEntry] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._hint)
        layout.addWidget(self._run)
        self.set_directory(self._directory)
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def _on_font_scale_changed(self, scale: float) -> None:
        self.header.setFont(theme.ui_font(13 * scale, bold=True))
        self._list.setFont(theme.ui_font(12 * scale))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        translate = QCoreApplication.translate
        for row, entry in enumerate(self._entries):
            self._list.item(row).setText(entry.shown)
        self.header.setText(translate("SampleGallery", "Sample scripts"))
        self._run.setText(translate("SampleGallery", "Run selected sample"))
        self._run.setToolTip(translate("SampleGallery", "Run the highlighted sample (Enter)"))
        if self._list.count():
            self._hint.setText(translate("SampleGallery", "Double-click a sample to run it."))
        else:
            self._hint.setText(
                translate(
                    "SampleGallery", "No samples found in {directory}. Use File ▸ Open script…"
                ).format(directory=self._directory)
            )

    def set_directory(self, directory: Path) -> None:
        self._directory = directory
        self._list.clear()
        entries = self._entries = list_samples(directory)
        for entry in entries:
            item = QListWidgetItem(entry.shown)
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            item.setToolTip(str(entry.path))
            self._list.addItem(item)
        if entries:
            self._list.setCurrentRow(0)
        self._retranslate()

    def entries(self) -> list[tuple[str, str]]:
        """(path, shown text) of every listed sample."""
        return [
            (self._list.item(i).data(Qt.ItemDataRole.UserRole), self._list.item(i).text())
            for i in range(self._list.count())
        ]

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.sample_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_run_clicked(self) -> None:
        item = self._list.currentItem()
        if item is not None:
            self.sample_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
