"""Fixtures: the catalogue loaded once from shared/data (the same files production loads)."""

from __future__ import annotations

import pytest

from zhifa.core.discretion import Catalogue, load_from_dir


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return load_from_dir()
