"""Anonymising resident conversations: planted personal data goes, everything else stays.

The examples here are the development examples of bot/replay/anonymise.py (with
tests/privacy/dev_pii.yml); the held-out set tests/heldout/pii.yml is only measured
(bench/anonymiser_compare.py), never used to write these."""

from datetime import date

import pytest

from bot.replay.anonymise import Conversation, Finding, anonymise, anonymise_conversation, find_personal_data, passes_eleven_check

RECENT_YEAR = date.today().year - 1  # a full date in a recent year is an appointment, not a birth date

# Each text with the personal data planted in it and the kind each item must be found as.
PLANTED = [
    # names after a cue
    ("Ik ben Fatima en mijn nummer is 06-12345678", {"Fatima": "NAAM", "06-12345678": "TELEFOON"}),
    ("Mijn zoon Daan zit op school", {"Daan": "NAAM"}),
    ("Mijn zoon heet Daan en mijn dochter heet Roos", {"Daan": "NAAM", "Roos": "NAAM"}),
    ("Mijn dochter Roos is 8 jaar", {"Roos": "NAAM"}),
    ("Ik heet fatima", {"fatima": "NAAM"}),
    ("ik ben ali en ik woon hier al lang", {"ali": "NAAM"}),
    ("Ik ben Jan de Vries.", {"Jan de Vries": "NAAM"}),
    ("mijn naam is Mohammed El Idrissi", {"Mohammed El Idrissi": "NAAM"}),
    ("Noem me maar Kees", {"Kees": "NAAM"}),
    ("Mevrouw Jansen belt morgen terug.", {"Jansen": "NAAM"}),
    ("Dhr. Jansen van de woningcorporatie komt morgen", {"Jansen": "NAAM"}),
    ("Mw. de Vries heeft gebeld over de huur", {"de Vries": "NAAM"}),
    ("Ik heb meneer van den Berg gesproken", {"van den Berg": "NAAM"}),
    ("Mijn buurvrouw heet Annemarie Bakker", {"Annemarie Bakker": "NAAM"}),
    ("Mijn ex Kevin betaalt geen alimentatie", {"Kevin": "NAAM"}),
    ("Mijn moeder Ayşe woont in Turkije", {"Ayşe": "NAAM"}),
    ("Mijn man is Mehmet en hij werkt in de bouw", {"Mehmet": "NAAM"}),
    ("Met Karin, goedemiddag", {"Karin": "NAAM"}),
    ("Hallo, met karin van het wijkteam", {"karin": "NAAM"}),
    ("Met Yilmaz heb ik ruzie", {"Yilmaz": "NAAM"}),
    ("hoi henk, hoe is het", {"henk": "NAAM"}),
    ("Mijn vriendin Xiomara helpt me met de post", {"Xiomara": "NAAM"}),
    # names from the list, capitalised in the middle of a sentence
    ("Gisteren was Piotr hier om te helpen", {"Piotr": "NAAM"}),
    ("Ik woon samen met Sanne en Thijs.", {"Sanne": "NAAM", "Thijs": "NAAM"}),
    ("Ik heb met Jan-Willem gesproken", {"Jan-Willem": "NAAM"}),
    ("Ik sprak gisteren met Jan Bakker en Fatima El Amrani.", {"Jan Bakker": "NAAM", "Fatima El Amrani": "NAAM"}),
    ("Mijn begeleider is de Boer, die is aardig", {"de Boer": "NAAM"}),
    ("Soms past Khadija op de kinderen", {"Khadija": "NAAM"}),
    ("De Vries belde net", {"De Vries": "NAAM"}),
    # phone numbers
    ("Mijn nummer is 06 1234 5678", {"06 1234 5678": "TELEFOON"}),
    ("bel 0612345678 of +31612345678", {"0612345678": "TELEFOON", "+31612345678": "TELEFOON"}),
    ("Je kunt me bellen op +31 6 12345678 na 5 uur", {"+31 6 12345678": "TELEFOON"}),
    ("Mijn nummer is 0031 6 12345678", {"0031 6 12345678": "TELEFOON"}),
    ("Mijn nummer is +31 (0)6 12345678", {"+31 (0)6 12345678": "TELEFOON"}),
    ("Mijn telefoonnummer: 06-12 34 56 78.", {"06-12 34 56 78": "TELEFOON"}),
    ("Bel het kantoor op 020-1234567 of 010 123 4567", {"020-1234567": "TELEFOON", "010 123 4567": "TELEFOON"}),
    ("Het nummer van de huisarts is (020) 123 45 67", {"(020) 123 45 67": "TELEFOON"}),
    ("Bel mijn broer op +32 470 12 34 56", {"+32 470 12 34 56": "TELEFOON"}),
    # e-mail
    ("Stuur het naar f.elamrani@gmail.com", {"f.elamrani@gmail.com": "EMAIL"}),
    ("Mijn mail is jan.de.vries+wijk@outlook.nl, mail maar", {"jan.de.vries+wijk@outlook.nl": "EMAIL"}),
    # addresses and postcodes
    ("Ik woon op de Kerkstraat 12a, 1234 AB Utrecht", {"Kerkstraat 12a": "ADRES", "1234 AB": "POSTCODE"}),
    ("Mijn adres is Lange Nieuwstraat 3a", {"Lange Nieuwstraat 3a": "ADRES"}),
    ("Ze wonen op Burgemeester de Withstraat 101-2", {"Burgemeester de Withstraat 101-2": "ADRES"}),
    ("Mijn adres is Van Limburg Stirumplein 8 bis", {"Van Limburg Stirumplein 8 bis": "ADRES"}),
    ("Mijn adres is Dorpsweg 5, 9876 ZX Ergens", {"Dorpsweg 5": "ADRES", "9876 ZX": "POSTCODE"}),
    ("ik woon op kerkstraat 12 sinds vorig jaar", {"kerkstraat 12": "ADRES"}),
    ("Ik woon aan de Stationsweg 112-3 in Utrecht", {"Stationsweg 112-3": "ADRES"}),
    ("Ik woon aan de Oudegracht 1 bis", {"Oudegracht 1 bis": "ADRES"}),
    ("In de Lange Nieuwstraat 3a woont mijn moeder.", {"Lange Nieuwstraat 3a": "ADRES"}),
    ("Ik woon op de Kerkstraat", {"Kerkstraat": "ADRES"}),
    ("ik woon in de molenstraat, naast de school", {"molenstraat": "ADRES"}),
    ("Ik woon op het Kerkplein", {"Kerkplein": "ADRES"}),
    ("Mijn postcode is 1234AB", {"1234AB": "POSTCODE"}),
    ("postcode 1234 ab", {"1234 ab": "POSTCODE"}),
    # dates of birth and other dates
    ("Ik ben geboren op 3 maart 1985", {"3 maart 1985": "GEBOORTEDATUM"}),
    ("ik ben geboren op 12-03-1985", {"12-03-1985": "GEBOORTEDATUM"}),
    ("mijn geboortedatum is 12/3/85", {"12/3/85": "GEBOORTEDATUM"}),
    ("Geboren: 1985-03-12", {"1985-03-12": "GEBOORTEDATUM"}),
    ("Mijn moeder is van 3 jan. 1950", {"3 jan. 1950": "GEBOORTEDATUM"}),
    ("geb. 3-3-1960", {"3-3-1960": "GEBOORTEDATUM"}),
    ("Ik ben geboren in 1985 in Marokko", {"1985": "GEBOORTEDATUM"}),
    ("Ik ben jarig op 3 maart", {"3 maart": "GEBOORTEDATUM"}),
    ("Mijn dochter is op 1 mei 2020 geboren", {"1 mei 2020": "GEBOORTEDATUM"}),
    # BSN and IBAN
    ("Mijn bsn is 123.456.782", {"123.456.782": "BSN"}),
    ("Mijn bsn is 123456782", {"123456782": "BSN"}),
    ("BSN: 1234 56 782", {"1234 56 782": "BSN"}),
    ("Mijn BSN is 725-763-863.", {"725-763-863": "BSN"}),
    ("bsn 1622.75.869", {"1622.75.869": "BSN"}),
    ("Mijn rekeningnummer is NL91 ABNA 0417 1643 00", {"NL91 ABNA 0417 1643 00": "IBAN"}),
    ("iban nl91abna0417164300", {"nl91abna0417164300": "IBAN"}),
    # everything at once
    (
        "Ik ben Fatima El Amrani, geboren op 12-03-1985, ik woon op de Kerkstraat 12a, 1234 AB Utrecht. "
        "Bel 06-12345678 of mail f.elamrani@gmail.com. Mijn bsn is 123.456.782.",
        {
            "Fatima El Amrani": "NAAM",
            "12-03-1985": "GEBOORTEDATUM",
            "Kerkstraat 12a": "ADRES",
            "1234 AB": "POSTCODE",
            "06-12345678": "TELEFOON",
            "f.elamrani@gmail.com": "EMAIL",
            "123.456.782": "BSN",
        },
    ),
]

# With the names the trainer knows from the stored conversation.
KNOWN = [
    ("Hoe gaat het met je werk, Robert?", ["Robert"], "Hoe gaat het met je werk, <NAAM>?"),
    ("ja robert, het gaat wel", ["Robert"], "ja <NAAM>, het gaat wel"),
    ("Roos komt morgen langs", ["Roos"], "<NAAM> komt morgen langs"),
    ("Ik heb Xiomara Pietersz gesproken", ["Xiomara Pietersz"], "Ik heb <NAAM> gesproken"),
    ("Robertson is geen Robert", ["Robert"], "Robertson is geen <NAAM>"),
    ("Dank je wel", ["Robert"], "Dank je wel"),
]

# Ordinary resident sentences: no personal data, must come out exactly as they went in.
UNCHANGED = [
    "goed",
    "Goed",
    "slecht",
    "een 7",
    "7",
    "cijfer 8",
    "10",
    "0",
    "Ja",
    "Nee",
    "ja",
    "nee",
    "Dank je wel",
    "vergeet mij",
    "terug",
    "stop",
    "ik wil oefenen",
    "weet ik niet",
    "wat bedoel je?",
    "het gaat wel met mijn werk",
    "ik slaap slecht",
    "mijn buurvrouw helpt me",
    "ik wil minder schulden",
    "Sinds 2019 woon ik hier",
    "ik betaal 250 euro huur",
    "Het gaat Goed",
    "Ben je een robot?",
    "Ik ben moe",
    "Ik Ben Moe",
    "IK BEN MOE",
    "Ik ben Blij",
    "Het gaat goed met mijn werk",
    "de boer in het bos",
    "in het bos",
    "mijn wijk",
    "€ 250 per maand, dat is 3000 euro per jaar",
    "Ik werk 32 uur per week, van 9 tot 17 uur",
    "Om 10:30 heb ik een afspraak op maandag",
    "om 10 uur",
    "De huur is 12,5% omhoog gegaan",
    "50%",
    "Ik geef het een 8 🙂",
    "😞",
    "🙁",
    "😐",
    "🙂",
    "😀",
    "Met Werk gaat het slecht",
    "Met geld gaat het beter sinds ik bij de schuldhulp zit",
    "Ik woon in een flat in de wijk, op de vierde verdieping",
    "Mijn huis is te klein voor 4 kinderen",
    "Ik heb 3 kinderen van 4, 7 en 12 jaar",
    "Ik zit in de schuldsanering, nog 18 maanden",
    "Ik heb 15000 euro schuld",
    "Ik heb €12.000 schulden bij de Belastingdienst",
    "De boer verderop verkoopt eieren",
    "Ik wandel graag in het bos en aan de dijk",
    "Ik heb hoop dat het beter wordt",
    "Mijn vader is in 2015 overleden",
    "Van 2019-2020 werkte ik bij de Jumbo",
    "Ik ga elke week naar de markt",
    "Ik werk op de markt 3 dagen per week",
    "Ik ben 45 jaar en woon alleen",
    "Ik woon al 12 jaar in Utrecht",
    "Ik loop elke dag 5 km",
    "Ik heb een uitkering 2 keer per maand",
    "Met mij gaat het goed, dank je",
    "Hoe gaat het met jou?",
    "Ik heb contact met mijn moeder en mijn zus",
    "Ik ben Nederlander maar mijn ouders zijn Marokkaans",
    "Mijn zoon is 16 en zit op het mbo",
    "Ik bel morgen de huisarts",
    "Ik ga naar de Albert Heijn in Den Haag",
    "Ik ga naar de Action en de Lidl",
    "Ik ben in 1990 naar Nederland gekomen",
    "Het gaat Goed Met Mijn Werk",
    "Ik Wil Graag Hulp",
    "Mijn Vrouw Is Ziek",
    "Ik zit 2 jaar in de WW",
    "Ik ben van plan om te verhuizen naar een andere wijk",
    "Mijn vriendin gaat mee",
    "Mijn man werkt veel",
    "Ik ben de oudste van 5",
    "Ik ben in de war",
    "werk, geld, wonen, huis",
    "Werk",
    "Geld",
    "Wonen",
    "Huis",
    "Geld en rondkomen",
    "Zin in het leven",
    "Ik heb geen werk en weinig geld",
    "Mijn relatie is goed, de kinderen ook",
    "Ik drink soms 2 biertjes",
    "Ik heb 1 kamer en een keuken",
    "Alles is 10 uit 10",
    "Dinsdag en donderdag ga ik naar de dagbesteding",
    "Ik heb een lening van 1.250 euro",
    "Ik ben bang dat ik mijn huis kwijtraak",
    "ik voel me somber",
    "Met mijn gezondheid gaat het slecht, ik heb veel pijn",
    "mijn buurman is aardig",
    "Hij woont in de wijk aan de andere kant van de stad",
    "1, 2, 3",
    "Ik ben op 1 april verhuisd",
    f"Ik heb op 14-10-{RECENT_YEAR} een afspraak om 10 uur",  # an appointment, no birth date
    f"Op 2 februari {RECENT_YEAR} kreeg ik de brief",
    "Mijn BSN is 123-456-789.",  # 9 digits that fail the 11-check: no BSN
    "bsn 12345678 staat op de brief",  # 8 digits: no BSN
    "bestelnummer 447712782 is nooit aangekomen",
    "Bel de crisislijn op 0800-0113 of 113",
    "We keken naar de wedstrijd, het werd 3-2",
    "Ik heb een A4-tje en een MBO-2 diploma",
    "Ik heb last van covid-19 gehad",
    "ik krijg 12-15 uur zorg per week",
    "Ik werk 24/7 en slaap 4 a 5 uur",
    "Niks aan de hand hoor",
    "Sorry, ik begreep het niet",
    "Zondag is de markt open",
]


def _expected(text: str, planted: dict) -> str:
    for item, kind in planted.items():
        text = text.replace(item, f"<{kind}>")
    return text


@pytest.mark.parametrize("text, planted", PLANTED, ids=[text[:40] for text, _ in PLANTED])
def test_every_planted_item_is_found_as_its_kind_and_nothing_else(text, planted):
    assert {finding.text: finding.kind for finding in find_personal_data(text)} == planted


@pytest.mark.parametrize("text, planted", PLANTED, ids=[text[:40] for text, _ in PLANTED])
def test_planted_items_are_replaced_by_their_placeholder_and_the_rest_stays(text, planted):
    anonymised = anonymise(text)
    assert anonymised == _expected(text, planted)
    for item in planted:
        assert item not in anonymised


@pytest.mark.parametrize("text, known, expected", KNOWN)
def test_known_names_are_replaced_case_insensitively_as_whole_words(text, known, expected):
    assert anonymise(text, known_names=known) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_resident_sentences_stay_exactly_as_they_are(text):
    assert find_personal_data(text) == []
    assert anonymise(text) == text


def test_there_are_enough_ordinary_sentences():
    assert len(UNCHANGED) >= 40


ALL_TEXTS = [text for text, _ in PLANTED] + [text for text, _, _ in KNOWN] + UNCHANGED


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_anonymise_is_idempotent(text):
    once = anonymise(text, known_names=["Robert"])
    assert anonymise(once, known_names=["Robert"]) == once
    assert find_personal_data(once, known_names=["Robert"]) == []


def test_findings_carry_kind_position_and_the_original_text():
    text = "Ik ben Fatima, bel 06-12345678"
    assert find_personal_data(text) == [
        Finding("NAAM", 7, 13, "Fatima"),
        Finding("TELEFOON", 19, 30, "06-12345678"),
    ]


def test_whitespace_punctuation_and_case_around_findings_are_kept():
    text = "  Hoi!\n\nIk ben   Fatima…\tMijn nummer:\t06-12345678 :-)  \n"
    assert anonymise(text) == "  Hoi!\n\nIk ben   <NAAM>…\tMijn nummer:\t<TELEFOON> :-)  \n"


def test_a_name_list_word_never_counts_in_lower_case_without_a_cue():
    assert anonymise("ik zag daan en fatima bij de bakker") == "ik zag daan en fatima bij de bakker"


def test_a_listed_name_at_the_start_of_a_sentence_counts_unless_it_is_a_dutch_word():
    assert anonymise("Fatima belt vaak. Dan zeg ik niets.") == "<NAAM> belt vaak. Dan zeg ik niets."
    assert anonymise("Roos komt morgen. Hoop doet leven.") == "Roos komt morgen. Hoop doet leven."


def test_names_that_are_dutch_words_only_count_with_a_cue_particles_or_a_first_name():
    assert anonymise("Ik zag een Roos en de Boer") == "Ik zag een Roos en <NAAM>"
    assert anonymise("Mijn dochter Roos werkt bij Jan Visser") == "Mijn dochter <NAAM> werkt bij <NAAM>"
    assert anonymise("Ik was op de Dam") == "Ik was op de Dam"  # "van Dam" is a surname, "de Dam" is a square


def test_an_empty_text_stays_empty():
    assert anonymise("") == "" and find_personal_data("") == []


# ---------------------------------------------------------------- every category, every form


def _only(kind: str, text: str, value: str) -> None:
    assert anonymise(text) == text.replace(value, f"<{kind}>"), text


PHONE_FORMS = [
    "0612345678",
    "06-12345678",
    "06 12345678",
    "06 12 34 56 78",
    "06-12 34 56 78",
    "06 1234 5678",
    "06.12.34.56.78",
    "06/12345678",
    "06 - 12345678",
    "06–12345678",
    "(06) 12345678",
    "+31612345678",
    "+31 6 12345678",
    "+31-6-12345678",
    "+31 6 1234 5678",
    "+31 (0)6 12345678",
    "+31(0)612345678",
    "0031612345678",
    "0031 6 12345678",
    "0031-6-12345678",
    "0031 6 12 34 56 78",
    "020-1234567",
    "020 123 45 67",
    "(020) 123 45 67",
    "0513 - 42 18 90",
    "+31 20 555 12 34",
]


@pytest.mark.parametrize("number", PHONE_FORMS)
def test_phone_numbers_in_every_separator_form(number):
    _only("TELEFOON", f"bel me op {number} na vijven", number)


@pytest.mark.parametrize("postcode", ["1234 AB", "1234AB", "1234-AB", "1234 - AB", "1234 ab", "1234ab", "9712 cp"])
def test_postcodes_with_space_dash_or_nothing_and_in_lower_case(postcode):
    _only("POSTCODE", f"mijn postcode is {postcode} hoor", postcode)


@pytest.mark.parametrize("text", ["Ik rijd 1500 km", "In 2019 en 2020 ging het slecht", "dat is 1000 ha grond"])
def test_four_digits_and_a_word_are_no_postcode(text):
    assert anonymise(text) == text


VALID_BSN = ["725763863", "162275869", "192285142", "691682483", "987825707", "688136138"]
FAILING_BSN = ["447712782", "261973069", "523938499", "798935572", "151847156", "123456789"]


@pytest.mark.parametrize("digits", VALID_BSN)
def test_the_eleven_check_passes_real_bsn_numbers(digits):
    assert passes_eleven_check(digits)


@pytest.mark.parametrize("digits", FAILING_BSN + ["000000000", "12345678", "1234567890", "12345678a"])
def test_the_eleven_check_fails_other_numbers(digits):
    assert not passes_eleven_check(digits)


@pytest.mark.parametrize(
    "form", ["{}", "{0}{1}{2}.{3}{4}{5}.{6}{7}{8}", "{0}{1}{2} {3}{4}{5} {6}{7}{8}", "{0}{1}{2}-{3}{4}{5}-{6}{7}{8}"]
)
@pytest.mark.parametrize("digits", VALID_BSN[:3])
def test_a_bsn_that_passes_the_eleven_check_goes_whole_or_split(form, digits):
    written = form.format(*digits) if form != "{}" else digits
    _only("BSN", f"mijn bsn is {written} toch", written)


@pytest.mark.parametrize("digits", FAILING_BSN)
def test_nine_digits_that_fail_the_eleven_check_stay(digits):
    for written in (digits, f"{digits[:3]}.{digits[3:6]}.{digits[6:]}", f"{digits[:3]} {digits[3:6]} {digits[6:]}"):
        text = f"mijn klantnummer is {written}"
        assert anonymise(text) == text


PLATES = ["12-ABC-3", "GX-123-T", "4-TZK-18", "d-234-bb", "ZP-08-NX", "97-XR-ZH", "V-871-FK", "56-HN-RG", "123-XB-4", "AB-12-34"]


@pytest.mark.parametrize("plate", PLATES)
def test_licence_plates_in_every_side_code_with_dashes(plate):
    _only("KENTEKEN", f"de boete was voor {plate} gisteren", plate)


@pytest.mark.parametrize(
    "text, plate", [("kenteken 78 JF TV", "78 JF TV"), ("Mijn kenteken is KLX52R", "KLX52R"), ("de auto 12ABC3", "12ABC3")]
)
def test_licence_plates_without_dashes_after_a_cue(text, plate):
    _only("KENTEKEN", text, plate)


@pytest.mark.parametrize("text", ["het werd 3-2 voor PSV", "Ik heb een 10-2-3 schema", "ik zit in groep 7 en heb KLX52R gelezen"])
def test_plate_look_alikes_stay(text):
    assert anonymise(text) == text


IBANS = [
    "NL81RABO0312345678",
    "nl67 ingb 0006 5432 10",
    "NL53 ABNA 0445 5667 78",
    "NL43-SNSB-0912-8734-65",
    "BE68 5390 0754 7034",
]


@pytest.mark.parametrize("iban", IBANS)
def test_ibans_with_spaces_dashes_or_nothing_and_in_lower_case(iban):
    _only("IBAN", f"mijn rekening is {iban} graag", iban)


BIRTH_DATES = [
    ("ik ben geboren op 14-07-1979", "14-07-1979"),
    ("Geboortedatum: 3/11/1962", "3/11/1962"),
    ("geb. 21.02.1990", "21.02.1990"),
    ("Ik ben van 9 december 1971", "9 december 1971"),
    ("mijn verjaardag is 2 okt 1988", "2 okt 1988"),
    ("geboren 1983-05-30", "1983-05-30"),
    ("mijn zoon is geboren op 4 juni 2015", "4 juni 2015"),
    ("Ik ben 12 april '64 geboren", "12 april '64"),
    ("geboren op 7-3-'81 in Paramaribo", "7-3-'81"),
    ("geboortedatum 30 06 1975", "30 06 1975"),
    ("geboren 17031986", "17031986"),
    ("geboren in maart 1977", "maart 1977"),
    ("geboren op 5 sept. 1992", "5 sept. 1992"),
    ("Mijn moeder (11-11-1941) woont bij ons", "11-11-1941"),
    ("dob 23/9/77", "23/9/77"),
]


@pytest.mark.parametrize("text, value", BIRTH_DATES)
def test_dates_of_birth_in_every_common_form(text, value):
    _only("GEBOORTEDATUM", text, value)


NAMES_IN_LOWER_CASE = [
    ("ik heet marloes", "ik heet <NAAM>"),
    ("ik heet tessa de graaf", "ik heet <NAAM>"),
    ("mijn naam is gert-jan van der linden", "mijn naam is <NAAM>"),
    ("mijn achternaam is bakker", "mijn achternaam is <NAAM>"),
    ("hallo met yasmina", "hallo met <NAAM>"),
    ("mijn zus lotte komt langs", "mijn zus <NAAM> komt langs"),
    ("ik ben tom en mijn vriendin heet sara", "ik ben <NAAM> en mijn vriendin heet <NAAM>"),
    ("hoi ik ben fatima el amrani", "hoi ik ben <NAAM>"),
    ("ik ben fatima de moeder van daan", "ik ben <NAAM> de moeder van daan"),  # "moeder" is a word
]


@pytest.mark.parametrize("text, expected", NAMES_IN_LOWER_CASE)
def test_names_in_lower_case_after_a_cue_with_their_surname(text, expected):
    assert anonymise(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kun je dit doorsturen naar Anneke Bosman?", "Kun je dit doorsturen naar <NAAM>?"),
        ("Ik heb contact met J. Hofman van de gemeente", "Ik heb contact met <NAAM> van de gemeente"),
        ("Wij zijn de familie Koster", "Wij zijn de familie <NAAM>"),
        ("Ouders: Mustafa en Leyla Aydin", "Ouders: <NAAM> en <NAAM>"),
        ("Ik ben Ahmed. Ahmed Benali.", "Ik ben <NAAM>. <NAAM>."),  # found once, removed everywhere in the text
    ],
)
def test_names_without_a_cue_from_the_name_lists_and_initials(text, expected):
    assert anonymise(text) == expected


def test_the_maintained_name_lists_are_there():
    from bot.replay.name_lists import name_lists

    lists = name_lists()
    assert len(lists.first_names) > 10_000 and len(lists.surnames) > 10_000  # deduce's lists, not only ours
    assert len(lists.dutch_words) > 100_000  # spaCy's Dutch word forms keep "Hoop" and "Dag" no names


def test_allowed_names_stay_and_other_names_go():
    assert anonymise("Hoi Robert, ik ben Sanne", allowed_names=["Robert"]) == "Hoi Robert, ik ben <NAAM>"


# ---------------------------------------------------------------- a whole conversation


def test_a_name_seen_once_is_removed_from_every_turn():
    turns = [
        "hoi",
        "Ik ben Fatima El Amrani",
        "Fatima zegt altijd dat het goed komt",  # start of a sentence, no cue
        "dat zei fatima ook",  # lower case, no cue
        "Dank je, Fatima. Hoe gaat het met je werk?",  # the bot repeating it
        "mevrouw el amrani belde",
    ]
    anonymised = anonymise_conversation(turns)
    assert anonymised[0] == "hoi"
    for text in anonymised:
        assert "fatima" not in text.lower() and "amrani" not in text.lower(), text
    assert anonymised[2] == "<NAAM> zegt altijd dat het goed komt"


def test_a_name_found_in_a_later_turn_is_removed_from_an_earlier_one():
    anonymised = anonymise_conversation(["Gijsbert komt vaak langs", "ja", "mijn broer heet gijsbert"])
    assert anonymised == ["<NAAM> komt vaak langs", "ja", "mijn broer heet <NAAM>"]


def test_numbers_and_streets_found_once_are_removed_where_no_pattern_would_find_them():
    conversation = Conversation(["Ik woon op de Vondelstraat 44", "geboren op 3 maart"])
    assert conversation.anonymise("Dus je woont in de Vondelstraat?") == "Dus je woont in de <ADRES>?"
    assert conversation.anonymise("Op 3 maart ben je jarig.") == "Op <GEBOORTEDATUM> ben je jarig."
    assert conversation.anonymise("Hoe gaat het met je werk?") == "Hoe gaat het met je werk?"


def test_a_conversation_without_personal_data_stays_as_it_was():
    turns = ["hoi", "ja", "een 7", "Met Werk gaat het slecht", "Ik woon al 12 jaar in Utrecht"]
    assert anonymise_conversation(turns) == turns


def test_a_workers_name_in_the_persona_files_example_answers_is_no_made_up_name():
    from bot.replay.privacy import anonymise_texts, fictional_names

    assert "Robert" in fictional_names() and "Sanne" not in fictional_names()  # Sanne: a worker in a good_answer
    assert anonymise_texts(["Hoi Robert, ik ben Sanne van het wijkteam."], allowed_names=fictional_names()) == [
        "Hoi Robert, ik ben <NAAM> van het wijkteam."
    ]
