"""The resident's side of the audit log: after a worker opened the board on the wijkteam page, the
resident who asks "wie heeft mijn bord bekeken?" in the chat gets that worker's name (and only
the workers who looked), on SQLite and PostgreSQL."""

from bot.pseudonyms import pseudonym
from tests.turn.chat import Chat, make_service
from tests.wijkteam.conftest import Browser, add_worker
from tests.wijkteam.factories import add_resident

RESIDENT = "rest:bewoner-audit"


def test_the_resident_hears_who_opened_their_board(app, database, database_url):
    add_resident(database, RESIDENT)
    add_worker(database, "anna", "Anna de Vries")
    add_worker(database, "bert", "Bert Jansen")
    chat = Chat(make_service(database_url), participant=RESIDENT)
    chat.say("hoi")
    chat.say("wie heeft mijn bord bekeken?", intent="who_viewed")
    assert "Anna de Vries" not in chat.text, "nobody looked yet"

    anna = Browser(app)
    anna.log_in("anna")
    anna.enter_code("ABCD-EFGH")
    assert anna.get(f"/boards/{pseudonym(RESIDENT)}").status_code == 200
    bert = Browser(app)
    bert.log_in("bert")
    assert bert.get(f"/boards/{pseudonym(RESIDENT)}").status_code == 403

    chat.say("wie heeft mijn bord bekeken?", intent="who_viewed")
    assert "Anna de Vries" in chat.text
    assert "Bert Jansen" not in chat.text, "a refused look is no view"


def test_a_worker_who_opens_the_board_its_print_and_picture_in_one_sitting_is_named_once(app, database, database_url):
    add_resident(database, RESIDENT)
    add_worker(database, "anna", "Anna de Vries")
    anna = Browser(app)
    anna.log_in("anna")
    anna.enter_code("ABCD-EFGH")
    board = f"/boards/{pseudonym(RESIDENT)}"
    for path in (board, board + "/print", board):
        assert anna.get(path).status_code == 200
    chat = Chat(make_service(database_url), participant=RESIDENT)
    chat.say("hoi")
    chat.say("wie heeft mijn bord bekeken?", intent="who_viewed")
    assert chat.text.count("Anna de Vries") == 1, chat.text
    assert "(3" in chat.text.split("Anna de Vries")[1], "how often that day"
