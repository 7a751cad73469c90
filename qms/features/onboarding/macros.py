"""Macros for hand-written pages: the "start here" role picker."""

from __future__ import annotations

from functools import partial
from typing import Any

from .pages import path_uri


def role_picker(macros: Any) -> str:
    """Start here: every role with its role page and, where one exists, its onboarding path."""
    repository = macros.state.repository
    roles = sorted(repository.of_kind("role").values(), key=lambda role: role.title.lower())
    paths = repository.of_kind("onboarding")
    return macros._renderer().render("onboarding/role_picker.md.j2", macros.page_uri, roles=roles,
                                     has_path={role.id for role in roles if role.id in paths},
                                     path_uri=path_uri)


def feature_macros(macros: Any) -> dict[str, Any]:
    return {"role_picker": partial(role_picker, macros)}
