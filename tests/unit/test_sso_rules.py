"""Single sign-on rules: who may come in, which account an identity is, where to go back."""

import pytest

from twofold.domain.sso import (
    Identity,
    ProviderClaims,
    SsoRefused,
    check_claims,
    decide,
    display_name_for,
    domain_allowed,
    grants_ownership,
    parse_list,
    safe_return_path,
)


def claims(email: str | None = "ada@example.com", verified: bool = True) -> ProviderClaims:
    return ProviderClaims("https://idp", "sub-1", email, verified, "Ada")


def identity(user_id: str) -> Identity:
    return Identity("i1", user_id, "https://idp", "sub-1", "ada@example.com")


def test_domains_are_matched_whole_and_without_case() -> None:
    allowed = parse_list(" Example.com, ,example.org ")
    assert allowed == ("example.com", "example.org")
    assert domain_allowed("Ada@EXAMPLE.com", allowed)
    assert not domain_allowed("ada@eu.example.com", allowed)
    assert not domain_allowed("ada@example.com.evil.net", allowed)
    assert not domain_allowed("ada@notexample.com", allowed)
    assert domain_allowed("anyone@anywhere.net", ())


def test_claims_need_a_verified_email_in_an_allowed_domain() -> None:
    assert check_claims(claims(" Ada@Example.com "), ("example.com",)) == "ada@example.com"
    for bad, code in [
        (claims(None), "sso_email_missing"),
        (claims(""), "sso_email_missing"),
        (claims(verified=False), "sso_email_unverified"),
        (claims("ada@other.org"), "sso_domain_not_allowed"),
    ]:
        with pytest.raises(SsoRefused) as refused:
            check_claims(bad, ("example.com",))
        assert refused.value.code == code


def test_a_known_identity_signs_its_own_account_in() -> None:
    assert decide(identity("u1"), "u2", None).kind == "sign_in"
    assert decide(identity("u1"), "u2", None).user_id == "u1"
    assert decide(identity("u1"), None, "u1").kind == "sign_in"


def test_an_identity_is_never_moved_to_another_account() -> None:
    with pytest.raises(SsoRefused) as refused:
        decide(identity("u1"), None, "u2")
    assert refused.value.code == "sso_identity_taken"


def test_an_email_alone_never_links_a_password_account() -> None:
    decision = decide(None, "u2", None)
    assert decision.kind == "needs_password"
    assert decision.user_id == "u2"


def test_a_signed_in_account_links_a_new_identity_whatever_its_email() -> None:
    assert decide(None, "u9", "u2").kind == "link"
    assert decide(None, "u9", "u2").user_id == "u2"
    assert decide(None, None, "u2").kind == "link"


def test_an_unknown_email_makes_an_account() -> None:
    assert decide(None, None, None).kind == "create"


def test_ownership_needs_the_named_group() -> None:
    assert grants_ownership(("staff", "admins"), "admins")
    assert not grants_ownership(("staff",), "admins")
    assert not grants_ownership(("",), "")
    assert not grants_ownership(("admins",), "")


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        ("/teams/1?x=y", "/teams/1?x=y"),
        (None, "/"),
        ("", "/"),
        ("teams", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("/" + "a" * 600, "/"),
    ],
)
def test_only_paths_on_this_site_are_returned_to(asked: str | None, kept: str) -> None:
    assert safe_return_path(asked) == kept


def test_a_display_name_falls_back_on_the_email() -> None:
    assert display_name_for(claims(), "ada@example.com") == "Ada"
    nameless = ProviderClaims("i", "s", "bo@example.com", True, "  ")
    assert display_name_for(nameless, "bo@example.com") == "bo"
    long = ProviderClaims("i", "s", "x@example.com", True, "N" * 200)
    assert len(display_name_for(long, "x@example.com")) == 80
