"""Write the demo's form files and work-instruction picture, so every byte in data/ is our own.

    .venv/bin/python scripts/make_demo_files.py

Makes data/forms/files/FRM-001.docx (with python-docx), data/forms/files/FRM-002.pdf
(a one-page PDF written by hand) and data/work-instructions/images/WI-001-torque-check.png
(a small picture drawn pixel by pixel). Run it again after changing what they hold.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent


def nonconformity_form(path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Brightwater Quality"
    document.core_properties.title = "FRM-001 Nonconformity report"
    document.add_heading("Nonconformity report (FRM-001)", level=1)
    document.add_paragraph("Fill in parts 1 and 2 straight away. The quality manager fills in part 3.")
    for heading, rows in (
        ("1. What went wrong", ("Date found", "Found by", "Product or process", "Order or batch number",
                                "What you saw")),
        ("2. What you did straight away", ("Quarantined (yes or no)", "Quantity affected", "Who you told")),
        ("3. Cause and action (quality manager)", ("NCR number", "Root cause", "Corrective action",
                                                   "Action owner and due date", "Closed on")),
    ):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for row, label in zip(table.rows, rows):
            row.cells[0].text = label
    document.save(path)


def pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def goods_in_checklist(path: Path) -> None:
    lines = ["Goods-in inspection checklist (FRM-002)", "",
             "Supplier: ____________________   Delivery note: ____________",
             "Purchase order: ______________   Date received: ____________", "",
             "[ ] Parts match the purchase order (part number and quantity)",
             "[ ] Packaging is not damaged",
             "[ ] Certificate of conformity is included where the order asks for one",
             "[ ] Sample checked against the drawing (5 parts or all if fewer)",
             "[ ] Labels show the batch number", "",
             "Result:  [ ] Accepted   [ ] Quarantined - raise a nonconformity report (FRM-001)", "",
             "Checked by: ____________________   Signature: ______________"]
    stream = "BT /F1 11 Tf 56 780 Td 15 TL " + " ".join(f"({pdf_text(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("latin-1")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("latin-1")
    path.write_bytes(out)


def png(path: Path, width: int, height: int, pixel) -> None:
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def torque_check_picture(path: Path) -> None:
    """A torque wrench (grey bar, dark head) above its calibration label (green, in date) on white."""
    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if 40 <= x <= 520 and 70 <= y <= 100:
            return (120, 124, 130)  # handle
        if (x - 560) ** 2 + (y - 85) ** 2 <= 32 ** 2:
            return (45, 50, 60)  # head
        if 200 <= x <= 360 and 150 <= y <= 230:
            border = x in (200, 201, 359, 360) or y in (150, 151, 229, 230)
            if border:
                return (20, 90, 40)
            if 215 <= x <= 345 and 170 <= y <= 180 or 215 <= x <= 300 and 195 <= y <= 205:
                return (255, 255, 255)  # the label's two lines of text
            return (40, 150, 70)
        return (255, 255, 255)

    png(path, 640, 260, pixel)


def main() -> None:
    forms = ROOT / "data" / "forms" / "files"
    images = ROOT / "data" / "work-instructions" / "images"
    forms.mkdir(parents=True, exist_ok=True)
    images.mkdir(parents=True, exist_ok=True)
    nonconformity_form(forms / "FRM-001.docx")
    goods_in_checklist(forms / "FRM-002.pdf")
    torque_check_picture(images / "WI-001-torque-check.png")


if __name__ == "__main__":
    main()
