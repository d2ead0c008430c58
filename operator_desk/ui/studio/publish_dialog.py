"""Publish: what changed since the last publish, the version, and every problem that
stops it; *Publish* validates and writes ``manifest.json`` as ``library publish`` does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.errors import LibraryError
from operator_desk.core.greeting import escape_html
from operator_desk.studio import publish
from operator_desk.studio.yamldoc import YamlDocument


class PublishDialog(QDialog):
    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setWindowTitle(self.tr("Publish the scripts"))
        self.root = root
        self.manifest: dict | None = None
        self.version = QLabel()
        self.version.setObjectName("publishVersion")
        self.raise_version = QPushButton(self.tr("Raise the version"))
        self.raise_version.setObjectName("raiseVersion")
        self.changes = QTextBrowser()
        self.changes.setObjectName("publishChanges")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.publish_button = self.buttons.addButton(self.tr("Publish"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button.setObjectName("publishButton")
        top = QHBoxLayout()
        top.addWidget(self.version, 1)
        top.addWidget(self.raise_version)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.publish_button.clicked.connect(self.publish)
        self.raise_version.clicked.connect(self._on_raise_version_clicked)
        self.resize(640, 480)
        self.refresh()

    def refresh(self) -> None:
        e = escape_html
        p = publish.preview(self.root)
        self.preview = p
        previous = (self.tr("never published") if p.previous_version is None
                    else self.tr("last published: {0}").format(p.previous_version))
        self.version.setText(self.tr("Version {0} ({1})").format(p.version, previous))
        parts = []
        if p.nothing_changed:
            parts.append("<p>" + e(self.tr("Nothing changed since the last publish.")) + "</p>")
        for title, files in ((self.tr("New files"), p.added), (self.tr("Changed files"), p.changed),
                             (self.tr("Removed files"), p.removed)):
            if files and p.previous_version is not None:
                parts.append(f"<p><b>{e(title)}</b> ({len(files)})</p><ul>"
                             + "".join(f"<li>{e(f)}</li>" for f in files[:60]) + "</ul>")
        if p.previous_version is None:
            parts.append("<p>" + e(self.tr("{0} file(s) will be published.").format(
                len(p.added))) + "</p>")
        if p.same_version:
            parts.append("<p style='color:#E65100'>" + e(self.tr(
                "The version is the one already published: desks that have it will not take "
                "the changes. Raise the version first.")) + "</p>")
        self.changes.setHtml("".join(parts))
        self.publish_button.setEnabled(not p.nothing_changed)

    def _on_raise_version_clicked(self) -> None:
        file = self.root / "library.yaml"
        raw = file.read_bytes() if file.is_file() else b""
        doc = YamlDocument("library.yaml", raw or None, None if raw else "")
        doc.set(("version",), publish.next_version(str(doc.get(("version",), "1"))))
        file.write_bytes(doc.encode())
        self.refresh()

    def publish(self) -> bool:
        e = escape_html
        try:
            self.manifest = publish.publish(self.root)
        except LibraryError as exc:
            rows = "".join(f"<li>{e(str(p))}</li>" for p in exc.problems[:100])
            self.changes.setHtml("<p style='color:#B71C1C'><b>" + e(self.tr(
                "Not published: {0} problem(s) to fix first").format(len(exc.problems)))
                + f"</b></p><ul>{rows}</ul>")
            return False
        except OSError as exc:
            self.changes.setHtml("<p style='color:#B71C1C'>" + e(str(exc)) + "</p>")
            return False
        files = self.manifest["files"]
        self.changes.setHtml("<p style='color:#2E7D32'><b>" + e(self.tr(
            "Published version {0}: {1} file(s). Copy the library folder to the central "
            "location, manifest.json last.").format(self.manifest["version"], len(files)))
            + "</b></p>")
        self.publish_button.setEnabled(False)
        return True
