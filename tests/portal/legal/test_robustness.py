"""Whatever a file or a URL holds, the importer reports and the list answers."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.legal.importing import COLUMNS, clean_row
from portal.legal.listing import FACETS, DocumentListing

text = st.text(max_size=40)


@given(st.fixed_dictionaries(dict.fromkeys(COLUMNS, text)))
@settings(max_examples=200, deadline=None)
def test_clean_row_never_raises(row):
    clean, errors = clean_row(7, row, Path("/nonexistent"))
    assert (clean is None) == bool(errors)
    for error in errors:
        assert str(error).startswith("dòng 7: ")


@given(
    st.dictionaries(
        st.sampled_from(
            ["q", "sap-xep", "page", "trang", *[facet.param for facet in FACETS]]
        ),
        text,
    )
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_listing_accepts_any_parameters(library, index_page, params):
    result = DocumentListing(index_page, params).run()
    assert 0 <= result.count <= len(library.docs)
