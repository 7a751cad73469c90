"""The browser harness itself: chromium is required in CI, optional elsewhere; the test server
serves a built site on 127.0.0.1 like a deployment would. No browser needed for these."""

from __future__ import annotations

import urllib.request

import pytest

# Imported inside each test: the browser test modules load ``browser`` as a pytest plugin,
# and a module imported before that cannot get pytest's assertion rewriting.


def test_missing_chromium_skips_on_a_developer_machine(monkeypatch, tmp_path):
    from browser import find_chromium, require_chromium
    monkeypatch.setenv("QMS_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    assert find_chromium() is None
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        require_chromium()


def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path):
    from browser import require_chromium
    monkeypatch.setenv("QMS_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so the browser tests must run"):
        require_chromium()


def test_only_this_machine_counts_as_the_site():
    from browser import is_local
    assert is_local("http://127.0.0.1:8123/search/search_index.json")
    assert is_local("data:image/svg+xml;base64,AAAA")
    for outside in ("https://fonts.googleapis.com/css", "http://localhost.example/x", "https://127.0.0.1.nip.io/"):
        assert not is_local(outside), outside


def test_server_serves_the_site_and_stands_in_for_deployment_files(tmp_path):
    from browser import serve
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>http://127.0.0.1:8000/</loc></url>"
        "<url><loc>http://127.0.0.1:8000/roles/</loc></url></urlset>")
    server = serve(tmp_path)
    try:
        with urllib.request.urlopen(server.url) as answer:
            assert answer.read() == b"<p>home</p>"
        with urllib.request.urlopen(server.url + "sitemap.xml") as answer:
            sitemap = answer.read().decode()
        assert f"<loc>{server.url}roles/</loc>" in sitemap and ":8000" not in sitemap
        with urllib.request.urlopen(server.url + "versions.json") as answer:
            assert b'"latest"' in answer.read()
    finally:
        server.close()
