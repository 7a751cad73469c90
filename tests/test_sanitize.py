"""The HTML allowlist: it drops what a page must never hold and keeps everything the demo produces."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser

import pytest

from qms.sanitize import sanitize

from conftest import mkdocs_build


class _Shape(HTMLParser):
    """Every start tag with its attribute names (case kept: SVG's viewBox must survive as viewBox)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        names = tuple(sorted(name for name, _ in attrs))
        self.elements[(tag, names, "viewBox" in raw)] += 1
        self.attributes.extend((tag, name, value) for name, value in attrs)


def shape(html: str) -> _Shape:
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("dirty, gone", [
    ("<p>a<script>alert(1)</script></p>", "script"),
    ("<p onclick=\"alert(1)\">a</p>", "onclick"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<iframe src=\"page.html\"></iframe>", "iframe"),
    ("<object data=\"x.swf\"></object>", "object"),
    ("<style>p { background: url(https://evil.example/x) }</style>", "style"),
    ("<p style=\"background: url(https://evil.example/x)\">a</p>", "style"),
    ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
    ("<a href=\" JaVa&#x09;ScRiPt:alert(1)\">x</a>", "alert"),
    ("<a href=\"data:text/html,hi\">x</a>", "data:"),
    ("<img src=\"https://evil.example/x.png\">", "evil"),
    ("<img src=\"//evil.example/x.png\">", "evil"),
    ("<img src=\"/\\evil.example/x.png\">", "evil"),
    ("<svg><script>alert(1)</script><rect onload=\"alert(1)\"/></svg>", "alert"),
    ("<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>", "javascript"),
    ("<form action=\"https://evil.example\"><input formaction=\"https://evil.example\"></form>", "evil"),
    ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "evil"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "evil"),
    ("<base href=\"https://evil.example/\">", "evil"),
    ("<p>a<!-- <script>alert(1)</script> --></p>", "script"),
    ("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "javascript"),
])
def test_the_sanitiser_drops_what_a_page_must_never_hold(dirty, gone):
    assert gone not in sanitize(dirty).lower()


@pytest.mark.parametrize("clean", [
    '<h2 id="purpose">Purpose<a class="headerlink" href="#purpose" title="Permanent link">¶</a></h2>',
    '<p><a href="../QP-004/">QP-004</a> <a href="https://www.iso.org/">ISO</a> '
    '<a href="mailto:quality@example.com">mail</a></p>',
    '<p><img alt="chart" src="../images/chart.png"></p>',
    '<div class="admonition warning"><p class="admonition-title">Warning</p><p>x</p></div>',
    '<details class="note"><summary>More</summary><p>x</p></details>',
    '<table><thead><tr><th style="text-align: left;">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    '<p><abbr title="Nonconformity report">NCR</abbr></p>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="t">'
    '<title id="t">Chart</title><g class="axis"><rect x="1" y="1" width="2" height="2" fill="#fff"></rect>'
    '<polyline points="1,1 2,2" stroke="#000" stroke-width="2" fill="none"></polyline>'
    '<text x="1" y="2" text-anchor="end" font-size="12">5</text></g></svg>',
    '<ul class="qms-role-picker" data-qms-role-picker=""><li data-qms-role="staff">x</li></ul>',
    '<p aria-live="polite" data-qms-count="">0</p><progress max="5" value="0" aria-describedby="x"></progress>',
    '<label for="c"><input type="checkbox" checked="">Done</label><button type="button">Reset</button>',
])
def test_the_sanitiser_keeps_what_the_portal_produces(clean):
    assert shape(sanitize(clean)).elements == shape(clean).elements


def test_control_characters_are_dropped():
    assert sanitize("<p>a\x1b[31mb\x00c\x9bd\te</p>") == "<p>a[31mbcd\te</p>"


def test_links_keep_no_rel_they_did_not_have():
    assert sanitize('<a href="https://x.example/">x</a>') == '<a href="https://x.example/">x</a>'


CAPTURE_HOOK = '''"""Test helper: keep each page's HTML as it reaches the qms hook (before the sanitiser)."""
import json
from pathlib import Path

def on_page_content(html, *, page, config, files):
    out = Path(config.config_file_path).parent / "unsanitised"
    out.mkdir(exist_ok=True)
    (out / (page.file.src_uri.replace("/", "__") + ".json")).write_text(json.dumps(html))
    return html
'''


HOSTILE_PAGE = """# Hand-written

<img src="x" onerror="alert(1)"> <script>alert(2)</script>
<a href="javascript:alert(3)">link</a>
"""


@pytest.mark.slow
def test_the_sanitiser_removes_nothing_from_the_demo_and_guards_every_page(project):
    (project / "hooks" / "capture_content.py").write_text(CAPTURE_HOOK)
    (project / "docs" / "hostile.md").write_text(HOSTILE_PAGE)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - hooks/capture_content.py\n", 1))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    captured = sorted(path for path in (project / "unsanitised").glob("*.json") if path.stem != "hostile.md")
    assert len(captured) > 50
    changed = {}
    for path in captured:
        before = json.loads(path.read_text())
        lost = shape(before).elements - shape(sanitize(before)).elements
        if lost:
            changed[path.stem] = lost
    assert not changed, changed
    assert any('viewBox="' in json.loads(path.read_text()) for path in captured), "the demo draws SVG charts"
    hostile = shape((project / "site/hostile/index.html").read_text(encoding="utf-8"))
    content = [(tag, name, value) for tag, name, value in hostile.attributes]
    assert not [item for item in content if item[1] == "onerror" or "alert" in (item[2] or "")], content
    assert "alert(2)" not in (project / "site/hostile/index.html").read_text(encoding="utf-8")
