"""Placeholder: this feature is being written (see the feature list in qms/features/__init__.py)."""

from __future__ import annotations

from . import Feature

FEATURE = Feature(name="metrics")
