"""Render resources/icons/operator-desk.svg to PNGs and the Windows .ico.

``operator-desk.png`` is 256 px (the desktop entry's); ``operator-desk-<N>.png`` are the
smaller sizes the window and the tray use, so the desk itself never loads Qt's SVG
engine (~1.7 MiB resident).

Run from the repository: ``.venv/bin/python packaging/render_icons.py``. Uses Qt only
(QtSvg is in PySide6-Essentials); the .ico holds PNG images of 16…256 px.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from operator_desk.ui.tray import WINDOW_ICON_SIZES

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = WINDOW_ICON_SIZES


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "operator-desk.svg"
    (ICONS / "operator-desk.png").write_bytes(png_bytes(render(svg, 256)))
    for size in PNG_SIZES:
        (ICONS / f"operator-desk-{size}.png").write_bytes(png_bytes(render(svg, size)))
    (ICONS / "operator-desk.ico").write_bytes(
        ico_bytes([(s, png_bytes(render(svg, s))) for s in ICO_SIZES]))
    print(f"wrote {ICONS}/operator-desk*.png and {ICONS / 'operator-desk.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
