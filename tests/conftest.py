"""Shared fixtures: the real reference data beside the project, storage loaded with it, a
private copy of its database file, and the house rule every test that drives the bot keeps.
The helpers the tests share are in tests/support/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.present.korean import BOTH_WAYS
from storage.db import Storage
from tests.support.fake_botapi import LIVE_APIS, shown_texts
from tests.support.paths import MARKET_DATA
from tests.support.reference import (
    load_reference,
)


@pytest.fixture(autouse=True)
def korean_particles_are_never_written_both_ways():
    """House rule over every test that drives the bot: no `이(가)`, `은(는)`, `을(를)` in
    anything sent, in either language (particles are chosen, bot/present/korean.py)."""
    LIVE_APIS.clear()
    yield
    for api in LIVE_APIS:
        for text in shown_texts(api):
            match = BOTH_WAYS.search(text)
            assert match is None, f"doubled particle {match.group(0)!r} in: {text[:300]}"
    LIVE_APIS.clear()


@pytest.fixture(scope="session")
def market_data() -> Path:
    """The reference data folder; tests that need it skip when it is absent."""
    if not (MARKET_DATA / "README.md").is_file():
        pytest.skip("../shared/market-data is absent")
    return MARKET_DATA


@pytest.fixture(scope="session")
def reference_db_file(tmp_path_factory, market_data) -> Path:
    """A database file holding the reference data, built once per test session."""
    path = tmp_path_factory.mktemp("reference") / "gapbot.sqlite3"
    storage = Storage(path)
    load_reference(storage, market_data)
    storage.close()
    return path


@pytest.fixture
def reference_storage(reference_db_file, tmp_path) -> Storage:
    """A private copy of the reference database for one test."""
    copy = tmp_path / "gapbot.sqlite3"
    copy.write_bytes(reference_db_file.read_bytes())
    storage = Storage(copy)
    yield storage
    storage.close()


@pytest.fixture
def db_path(reference_db_file, tmp_path) -> Path:
    """A private copy of the reference database file for one test, not yet opened."""
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    return path
