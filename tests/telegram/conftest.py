"""Fixtures for the Telegram tests: the fake Bot API and the settings that point at it."""

import secrets

import pytest

from bot.channels.telegram_api import TelegramSettings
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-token-never-real"
SECRET = "test_secret-" + secrets.token_hex(8)


@pytest.fixture(scope="module")
def fake_api():
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


@pytest.fixture
def settings(fake_api) -> TelegramSettings:
    return TelegramSettings(TOKEN, SECRET, fake_api.base_url)
