"""Settings come from the environment; production refuses the development secret."""
from __future__ import annotations

import pytest

from api.settings import DEV_SECRET_KEY, ConfigError, Settings
from sanic_app import create_app

DB = "postgresql://postgres@127.0.0.1:1/none"


def test_environment_variables_are_read_and_typed():
    settings = Settings.from_env({"DATABASE_URL": DB, "PORT": "9000", "WORKERS": "2", "ENVIRONMENT": "test"})
    assert (settings.database_url, settings.port, settings.workers, settings.environment) == (DB, 9000, 2, "test")
    assert settings.secret_key == DEV_SECRET_KEY and not settings.payments_enabled


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "short-secret"])
def test_production_refuses_a_default_or_weak_secret(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(settings=Settings(environment="production", database_url=DB, secret_key=secret))


def test_production_accepts_a_real_secret():
    Settings(environment="production", database_url=DB, secret_key="x" * 40).validate()


def test_database_url_is_required():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Settings.from_env({}).validate()


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="ENVIRONMENT"):
        Settings(environment="staging", database_url=DB).validate()
