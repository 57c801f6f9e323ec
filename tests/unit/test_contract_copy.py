"""The copy of the contracts in tests/contracts is the same as ../shared/contracts, where that exists."""

import pytest

from tests.conftest import ROOT

ORIGINAL = ROOT.parent / "shared" / "contracts"
COPY = ROOT / "tests" / "contracts"


@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="../shared/contracts is not beside this clone")
@pytest.mark.parametrize("name", ["conversations.md", "export.schema.json", "leefgebieden.md"])
def test_the_copy_of_each_contract_is_the_original(name):
    assert (COPY / name).read_bytes() == (ORIGINAL / name).read_bytes(), f"refresh tests/contracts/{name}"
