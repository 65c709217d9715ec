"""The held-out note and heading cases (tests/notesbed.py): each converts, and the converter
finds their note calls, heads and contents items."""

from __future__ import annotations

import pytest

import notesbed


@pytest.mark.parametrize("name", notesbed.case_names())
def test_case_converts_and_its_expectations_are_in_the_text(name, tmp_path):
    raw, data = notesbed.convert_case(name, tmp_path)
    truth = notesbed.expected(name, raw)  # fails when a fragment is not in the text
    assert data.startswith(b"<?xml") and truth.headings
