"""The form token check: any text a browser (or an attacker) sends is compared, never raised on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from huvudman.portal.security import new_token, same_token


@given(st.text(), st.one_of(st.none(), st.text()))
def test_a_token_matches_only_itself_whatever_is_sent(expected: str, sent: str | None) -> None:
    assert same_token(expected, sent) == (bool(expected) and bool(sent) and expected == sent)


def test_a_fresh_token_matches_itself_and_not_a_non_ascii_forgery() -> None:
    token = new_token()
    assert same_token(token, token)
    assert not same_token(token, "\x80" + token[1:])
