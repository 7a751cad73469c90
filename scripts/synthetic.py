#!/usr/bin/env python3
"""Write a synthetic QMS of N procedures into a project folder, for scale tests and benchmarks.

Deterministic: the same --seed and --procedures give the same files. About one
procedure in five is written in hard, legalistic prose so the readability
gates have something to flag, as in a real legacy QMS.

    python scripts/synthetic.py OUT_DIR --procedures 1000 [--seed 7] [--base demo|minimal]

OUT_DIR receives mkdocs.yml, docs/, hooks/, overrides/ from this project and a
data/ folder. With ``--base demo`` (the default) it starts from the demo's data,
so every other kind of data (NCRs, KPIs, training, roadmap, newsletters,
onboarding…) is there too, and adds generated procedures up to N in all.
``--base minimal`` writes only an organisation, roles and N procedures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "docs", "hooks", "overrides")

AREAS = [
    ("leadership", "Leadership and planning"),
    ("documents", "Documents and records"),
    ("improvement", "Improvement"),
    ("people", "People and training"),
    ("customers", "Customers and sales"),
    ("purchasing", "Purchasing and suppliers"),
    ("operations", "Production and service"),
    ("measurement", "Monitoring and measurement"),
]
ROLES = [
    ("managing-director", "Managing Director", None),
    ("quality-manager", "Quality Manager", "managing-director"),
    ("document-controller", "Document Controller", "quality-manager"),
    ("production-manager", "Production Manager", "managing-director"),
    ("production-operator", "Production Operator", "production-manager"),
    ("service-engineer", "Service Engineer", "production-manager"),
    ("purchasing-officer", "Purchasing Officer", "production-manager"),
    ("sales-coordinator", "Sales Coordinator", "managing-director"),
    ("hr-coordinator", "HR Coordinator", "managing-director"),
    ("internal-auditor", "Internal Auditor", "quality-manager"),
    ("staff", "All staff", "managing-director"),
]
# Not "staff" (in every audience) nor the auditors' roles (the demo's audits must stay independent).
OWNERS = [role_id for role_id, _, _ in ROLES[1:-1] if role_id not in ("quality-manager", "internal-auditor")]
OBJECTS = ["order", "drawing", "gauge", "batch", "supplier report", "complaint", "test sheet", "work order",
           "label", "delivery note", "training record", "calibration sticker", "audit plan", "risk log",
           "parts list", "customer file", "return", "sample", "checklist", "invoice"]
VERBS = ["Check", "Record", "Send", "Sign", "File", "Review", "Update", "Label", "Count", "Inspect", "Scan",
         "Approve", "Return", "Measure", "Photograph", "Pack", "Store", "Log", "Print", "Share"]
PLACES = ["in the register", "on the portal", "in the quality drive", "at the goods-in bench",
          "in the service log", "with the team leader", "before the shift ends", "on the same day"]
TOPICS = ["calibration", "complaints", "returns", "labelling", "training", "purchasing", "storage", "testing",
          "packing", "maintenance", "audits", "design changes", "sampling", "cleaning", "inspection"]
LEGAL = [
    "All {obj}s shall be reviewed in accordance with the applicable requirements prior to their utilisation "
    "by the personnel who have been designated for the purpose of {topic}.",
    "In the event that a nonconforming {obj} is identified, it shall be segregated and the responsible "
    "function shall be notified forthwith in order to facilitate the determination of appropriate action.",
    "Subsequent to the completion of the {topic} activities, records shall be maintained in accordance "
    "with the retention periods specified herein and shall be made available upon request.",
]
PLAIN = [
    "{verb} the {obj} {place}.",
    "{verb} each {obj} before you start.",
    "Tell the team leader if the {obj} is missing.",
    "{verb} the {obj} and write the date on it.",
    "Ask the quality manager if you are not sure.",
]


def sentence(rng: random.Random, hard: bool) -> str:
    template = rng.choice(LEGAL if hard else PLAIN)
    return template.format(obj=rng.choice(OBJECTS), verb=rng.choice(VERBS), place=rng.choice(PLACES),
                           topic=rng.choice(TOPICS))


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def procedure_yaml(number: int, count: int, rng: random.Random, today: dt.date, first: int = 1) -> str:
    doc_id = f"QP-{number:04d}"
    area = AREAS[number % len(AREAS)][0]
    hard = number % 5 == 0
    topic = rng.choice(TOPICS)
    title = f"{topic.capitalize()} {rng.choice(OBJECTS)}s {number}"
    owner = rng.choice(OWNERS)
    steps = []
    for _ in range(rng.randint(6, 10)):
        steps.append(f"  - role: {rng.choice(ROLES)[0]}\n    action: {quoted(sentence(rng, hard))}")
        if rng.random() < 0.3:
            steps.append(f"    note: {quoted(sentence(rng, hard))}")
    last_reviewed = today - dt.timedelta(days=rng.randint(10, 420))
    first_issue = last_reviewed - dt.timedelta(days=rng.randint(100, 900))
    related = sorted({f"QP-{rng.randint(first, first + count - 1):04d}" for _ in range(2)} - {doc_id})
    keywords = sorted({topic, rng.choice(OBJECTS), rng.choice(OBJECTS)})
    return "\n".join([
        f"id: {doc_id}",
        f"title: {quoted(title)}",
        f"area: {area}",
        "status: approved",
        f"purpose: {quoted(sentence(rng, hard) + ' ' + sentence(rng, hard))}",
        f"scope: {quoted(sentence(rng, hard))}",
        f"owner: {owner}",
        f"audience: [{owner}, staff]",
        "steps:",
        *steps,
        "records:",
        f"  - name: {quoted(title + ' record')}",
        "    retention: 3 years",
        "    location: Quality drive",
        f"related: [{', '.join(related)}]",
        f'clauses: ["{rng.choice(["7.5.3", "8.5.1", "9.1.1", "10.2.1", "8.4.1", "7.2"])}"]',
        f"keywords: [{', '.join(keywords)}]",
        "review:",
        f"  last_reviewed: {last_reviewed.isoformat()}",
        "  interval_months: 12",
        "revisions:",
        '  - rev: "1"',
        f"    date: {first_issue.isoformat()}",
        "    summary: First issue.",
        "    approved_by: quality-manager",
        '  - rev: "2"',
        f"    date: {last_reviewed.isoformat()}",
        "    summary: Reviewed and updated the steps.",
        "    approved_by: quality-manager",
        "",
    ])


def write_project(out: Path, procedures: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 25),
                  base: str = "minimal") -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for part in COPIED:
        source = ROOT / part
        target = out / part
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    if base == "demo":
        shutil.copytree(ROOT / "data", data)
        existing = len(list((data / "procedures").glob("*.yml")))
        generated = max(0, procedures - existing)
        for number in range(1001, 1001 + generated):
            (data / "procedures" / f"QP-{number:04d}.yml").write_text(
                procedure_yaml(number, generated, rng, today, first=1001), encoding="utf-8")
        return out
    (data / "roles").mkdir(parents=True)
    (data / "procedures").mkdir()
    shutil.copy2(ROOT / "data" / "plain-words.yml", data / "plain-words.yml")
    areas = "\n".join(f"  - id: {area_id}\n    title: {title}" for area_id, title in AREAS)
    (data / "organisation.yml").write_text(
        "name: Synthetic Instruments Ltd\nshort_name: Synthetic\n"
        "description: A generated organisation for scale tests.\n"
        "quality_policy:\n  text: We make good products and keep improving.\n"
        f"  approved_by: managing-director\n  approved_on: {today.isoformat()}\n"
        f"areas:\n{areas}\nreview:\n  interval_months: 12\n  due_soon_days: 30\n", encoding="utf-8")
    for role_id, title, boss in ROLES:
        lines = [f"id: {role_id}", f"title: {title}", f"purpose: The {title.lower()} keeps the work moving."]
        if boss:
            lines.append(f"reports_to: {boss}")
        (data / "roles" / f"{role_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for number in range(1, procedures + 1):
        (data / "procedures" / f"QP-{number:04d}.yml").write_text(
            procedure_yaml(number, procedures, rng, today), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="project folder to write")
    parser.add_argument("--procedures", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 25))
    parser.add_argument("--base", choices=("demo", "minimal"), default="demo")
    args = parser.parse_args()
    write_project(args.out, args.procedures, args.seed, args.today, args.base)
    print(f"Wrote {args.procedures} procedures to {args.out / 'data'}")


if __name__ == "__main__":
    main()
