"""Under `mkdocs serve`, a rebuild after editing one file re-analyses only that file."""

from __future__ import annotations

import qms.document_readability as document_readability
from qms.build import prepare

from conftest import environment


def test_unchanged_documents_are_not_reanalysed(org, monkeypatch):
    calls: list[str] = []
    real = document_readability.analyse

    def counting(units, **kwargs):
        calls.append(units[0].text if units else "")
        return real(units, **kwargs)

    monkeypatch.setattr(document_readability, "analyse", counting)
    document_readability.forget()
    env = environment()
    first = prepare(org, {}, environ=env, render=False)
    analysed_first = len(calls)
    assert analysed_first >= len(first.repository.published("procedure"))

    path = org / "data/procedures/QP-010.yml"
    path.write_text(path.read_text().replace("Thank the customer", "Thank the customer warmly", 1))
    calls.clear()
    second = prepare(org, {}, environ=env, render=False)
    assert len(calls) == 1, calls
    report = second.analysis.document(second.repository.get("procedure", "QP-010")).readability
    assert report.words == first.analysis.document(first.repository.get("procedure", "QP-010")).readability.words + 1

    calls.clear()
    prepare(org, {"readability": {"max_sentence_words": 20}}, environ=env, render=False)
    assert len(calls) == analysed_first  # new thresholds: everything is analysed again


def test_parallel_rendering_gives_the_same_pages(org):
    serial = prepare(org, {}, environ=environment(QMS_WORKERS="1"))
    parallel = prepare(org, {}, environ=environment(QMS_WORKERS="2"))
    assert [page.src_uri for page in parallel.pages] == [page.src_uri for page in serial.pages]
    assert parallel.pages == serial.pages
    assert parallel.artifacts() == serial.artifacts()
