"""A way to reach the resident in a call-back request: a phone number or an e-mail address."""

import pytest

from bot.understanding.contact_details import has_way_to_reach, phone_number


@pytest.mark.parametrize(
    "text, number",
    [
        ("0612345678", "0612345678"),
        ("bel me na 3 uur op 06 12 34 56 78", "06 12 34 56 78"),
        ("06-12345678 graag 's ochtends", "06-12345678"),
        ("mijn nummer: 020 - 123 45 67", "020 - 123 45 67"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("0031612345678 na vieren", "0031612345678"),
        ("(010) 1234567", "010) 1234567"),
    ],
)
def test_a_phone_number_is_found_as_typed(text, number):
    assert phone_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "bel me morgen na 3 uur",
        "tussen 9.00-12.00 of 14.00-16.00",
        "maandag 7-12-2026 om 10 uur",
        "09.00-12.00 14.00-16.00",
        "mijn huisnummer is 12345",
        "123456789",
        "14 020",
    ],
)
def test_times_dates_and_short_numbers_are_not_a_phone_number(text):
    assert phone_number(text) is None
    assert not has_way_to_reach(text)


def test_an_email_address_is_a_way_to_reach():
    assert has_way_to_reach("mail me maar: fatima.b@voorbeeld.nl")
    assert not has_way_to_reach(None)


def test_the_number_to_dial_is_digits_with_the_plus_kept():
    from bot.understanding.contact_details import dialable

    assert dialable("na drie uur\n+31 6 12345678") == "+31612345678"
    assert dialable("06-123 456 78") == "0612345678"
    assert dialable("bel me morgen") is None
