"""A new kind of data is a folder: one schema declaration and one page template, no core edit.

The folder is written into tmp_path here, imported from there and added to
the registry the build is given; everything else follows from its declaration.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

from qms.errors import DataErrors
from qms.features import default_registry
from qms.jsonschema import schema_files
from qms.pipeline import prepare
from qms.registry import Registry
from qms.settings import Settings

from conftest import copy_org, environment

FEATURE_SOURCE = '''
"""Measuring equipment and when each item is next due for calibration."""

import datetime as dt
from pathlib import Path

from qms.kinds import Kind, role_ref
from qms.registry import Feature, FlagKind
from qms.schema import Choice, Date, Field, Record, Text

equipment = Kind(
    name="equipment",
    title="Measuring equipment",
    folder="equipment",
    template="equipment/item.md.j2",
    url_prefix="equipment",
    in_register=True,
    id_pattern=r"EQ-[0-9]{3}",
    id_hint="write EQ- and three digits, e.g. EQ-001",
    schema=Record(description="An item of measuring equipment.", fields={
        "title": Field(Text(single_line=True), required=True, description="What it is."),
        "status": Field(Choice(values=("in-use", "retired")), required=True, description="in-use or retired."),
        "owner": Field(role_ref(), required=True, description="Role that looks after it."),
        "calibration_due": Field(Date(), required=True, description="When it must next be calibrated."),
    }),
)

FLAG = FlagKind("calibration-overdue", "warning", "An item of equipment is past its calibration date.")


def analyse(repository, settings, today):
    flags = [settings.flag(doc.path, doc.line("calibration_due"), FLAG.name,
                           f"{doc.id} was due for calibration on {doc.calibration_due}", doc.id)
             for doc in repository.of_kind("equipment").values()
             if doc.status == "in-use" and doc.calibration_due < today]
    return [], flags


FEATURE = Feature(name="equipment", kinds=(equipment,), analyse=analyse, flag_kinds=(FLAG,),
                  templates=Path(__file__).parent / "templates")
'''

TEMPLATE = '''\
# {{ doc.id }} {{ doc.title }}

- **Looked after by:** {{ link.role(doc.owner) }}
- **Calibration due:** {{ doc.calibration_due | date }}
'''


def feature_folder(base: Path) -> Path:
    folder = base / "equipment_feature"
    (folder / "templates").mkdir(parents=True)
    (folder / "__init__.py").write_text(FEATURE_SOURCE, encoding="utf-8")
    (folder / "templates" / "item.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


def import_folder(folder: Path):
    spec = importlib.util.spec_from_file_location(folder.name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[folder.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[folder.name]
    return module.FEATURE


def write_equipment(project: Path, doc_id: str, body: str) -> None:
    folder = project / "data" / "equipment"
    folder.mkdir(exist_ok=True)
    (folder / f"{doc_id}.yml").write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry([*default_registry(), import_folder(feature_folder(tmp_path / "features"))])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_org(tmp_path / "org")
    role = sorted((project / "data" / "roles").glob("*.yml"))[0].stem
    write_equipment(project, "EQ-001", f"""\
        id: EQ-001
        title: Torque wrench 5-25 Nm
        status: in-use
        owner: {role}
        calibration_due: 2026-01-31
        """)
    write_equipment(project, "EQ-002", f"""\
        id: EQ-002
        title: Height gauge
        status: in-use
        owner: {role}
        calibration_due: 2099-01-31
        """)
    return project


def role_title(project: Path) -> str:
    """The title of the role that owns the equipment (the first role of the fixture)."""
    first = sorted((project / "data" / "roles").glob("*.yml"))[0]
    return next(line.split(":", 1)[1].strip() for line in first.read_text(encoding="utf-8").splitlines()
                if line.startswith("title:"))


def build(project: Path, registry: Registry):
    settings = Settings.from_config({}, registry)
    return prepare(project, settings, environment(), "", registry)


def test_the_kind_gets_pages_navigation_register_report_and_dashboard_flags(project, registry):
    state = build(project, registry)
    pages = {page.src_uri: page for page in state.pages}
    assert "# EQ-001 Torque wrench 5-25 Nm" in pages["equipment/EQ-001.md"].content
    assert "2099-01-31" in pages["equipment/EQ-002.md"].content
    assert pages["equipment/EQ-001.md"].source == "data/equipment/EQ-001.yml"

    nav = state.navigation(["index.md"])
    section = next(entry["Measuring equipment"] for entry in nav if "Measuring equipment" in entry)
    assert section == [{"EQ-001 Torque wrench 5-25 Nm": "equipment/EQ-001.md"},
                       {"EQ-002 Height gauge": "equipment/EQ-002.md"}]

    register = pages["register.md"].content
    assert "## Measuring equipment" in register
    assert "[EQ-001](equipment/EQ-001.md) | Torque wrench 5-25 Nm | In-use" in register

    report = json.loads(state.artifacts()["qms-report.json"])
    assert report["records"]["equipment"] == [
        {"id": "EQ-001", "title": "Torque wrench 5-25 Nm", "status": "in-use", "page": "equipment/EQ-001.md"},
        {"id": "EQ-002", "title": "Height gauge", "status": "in-use", "page": "equipment/EQ-002.md"}]
    overdue = [flag for flag in report["flags"] if flag["kind"] == "calibration-overdue"]
    assert [(flag["file"], flag["line"], flag["document"]) for flag in overdue] == [
        ("data/equipment/EQ-001.yml", 5, "EQ-001")]

    dashboard = pages["dashboard.md"].content
    # a document problem, listed under the role that owns the item, with a link to its page
    problems = dashboard.split("## Document problems", 1)[1].split("## Operational facts", 1)[0]
    assert f"### [{role_title(project)}](roles/" in problems
    assert "Warning</span> [EQ-001 was due for calibration on 2026-01-31](equipment/EQ-001.md) " \
           "<code>data/equipment/EQ-001.yml:5</code>" in problems
    assert "- **calibration-overdue** (warning): An item of equipment is past its calibration date." in dashboard


def test_the_kind_is_loaded_and_validated_with_path_line_messages(project, registry):
    write_equipment(project, "EQ-3", """\
        id: EQ-3
        title: Calliper
        status: in-use
        owner: nobody-here
        calibration_due: 2099-01-01
        """)
    write_equipment(project, "EQ-003", """\
        id: EQ-003
        title: Micrometer
        status: broken
        owner: nobody-here
        calibration_due: soon
        colour: red
        """)
    with pytest.raises(DataErrors) as raised:
        build(project, registry)
    messages = [str(error) for error in raised.value.errors]
    assert "data/equipment/EQ-3.yml:1:5: id: 'EQ-3' is not valid (write EQ- and three digits, e.g. EQ-001)" \
        in messages
    assert any(m.startswith("data/equipment/EQ-003.yml:3:") and "status" in m and "in-use" in m for m in messages)
    assert any(m.startswith("data/equipment/EQ-003.yml:4:") and "nobody-here" in m for m in messages)
    assert any(m.startswith("data/equipment/EQ-003.yml:5:") and "calibration_due" in m for m in messages)
    assert any(m.startswith("data/equipment/EQ-003.yml:6:") and "colour" in m for m in messages)


def test_the_kind_has_its_json_schema(registry):
    schema = json.loads(schema_files(registry)["equipment.schema.json"])
    assert schema["required"] == ["id", "title", "status", "owner", "calibration_due"]
    assert schema["properties"]["id"]["pattern"] == "^(?:EQ-[0-9]{3})$"
    assert schema["properties"]["status"]["enum"] == ["in-use", "retired"]
    assert schema["properties"]["calibration_due"]["format"] == "date"
    assert schema["additionalProperties"] is False


def test_without_the_folder_its_data_is_refused_by_name(project):
    with pytest.raises(DataErrors) as raised:
        build(project, default_registry())
    assert [str(error) for error in raised.value.errors] == [
        "data/equipment/: is not a folder the portal reads (the folders read here are: audits/, "
        "external-documents/, forms/, improvements/, kpis/, management-reviews/, ncrs/, newsletters/, "
        "objectives/, onboarding/, people/, procedures/, roles/, standards/, training/, work-instructions/)"]
