"""Links between pages: the fast relative path is posixpath.relpath's, on every shape of path."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from reportsite.render.page import _relpath, relative

SEGMENT = st.sampled_from(["a", "b", "findings", "r-1", "x.csv", ".", "..", ""])
PATH = st.lists(SEGMENT, max_size=4).map(lambda parts: "/".join(parts) or ".")


@given(PATH, PATH)
def test_fast_relpath_is_posixpaths(target: str, start: str) -> None:
    assert _relpath(target, start) == posixpath.relpath(target, start)


def test_links_between_pages() -> None:
    assert relative("findings/r/s/", "reports/r/") == "../../../reports/r/"
    assert relative("findings/r/s/", "findings/r/t/#x") == "../t/#x"
    assert relative("", "findings/r/s/s.json") == "findings/r/s/s.json"
    assert relative("reports/", "") == "../"
    assert relative("reports/", "reports/") == "./"
