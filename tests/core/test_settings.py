"""Settings come from the environment; production refuses the development secret."""
from __future__ import annotations

import pytest

from api.core.settings import ConfigError, Settings
from sanic_app import create_app

DB = "postgresql://postgres@127.0.0.1:1/none"


def test_environment_variables_are_read_and_typed():
    settings = Settings.from_env({"DATABASE_URL": DB, "PORT": "9000", "WORKERS": "2", "ENVIRONMENT": "test"})
    assert (settings.database_url, settings.port, settings.workers, settings.environment) == (DB, 9000, 2, "test")
    assert not settings.payments_enabled


@pytest.mark.parametrize("secret", ["", "short-secret"])
def test_production_refuses_a_default_or_weak_secret(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(settings=Settings.from_values(environment="production", database_url=DB, secret_key=secret))


def test_production_accepts_a_real_secret():
    Settings.from_values(environment="production", database_url=DB, secret_key="x" * 40)


def test_database_url_is_required():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Settings.from_env({})


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="ENVIRONMENT"):
        Settings.from_values(environment="staging", database_url=DB)


@pytest.mark.parametrize("env, named", [
    ({"PORT": "ten"}, "PORT: Input should be a valid integer"),
    ({"ACCESS_TOKEN_MINUTES": "-5"}, "ACCESS_TOKEN_MINUTES: Input should be greater than or equal to 1"),
    ({"WORKERS": "0"}, "WORKERS:"),
    ({"CURRENCY": "dollars"}, "CURRENCY:"),
    ({"PASSWORD_RESET_URL": "https://example.com/reset"}, "PASSWORD_RESET_URL:"),
])
def test_a_bad_value_is_refused_naming_its_variable(env, named):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env({"DATABASE_URL": DB, **env})


def test_empty_variables_keep_their_default_and_others_are_not_read(monkeypatch):
    monkeypatch.setenv("PORT", "9999")
    settings = Settings.from_env({"DATABASE_URL": DB, "WORKERS": ""})
    assert (settings.port, settings.workers) == (8000, 1)
    assert Settings.from_env().port == 9999 if "DATABASE_URL" in __import__("os").environ else True


def test_a_changed_copy_is_checked_again():
    settings = Settings.from_values(database_url=DB)
    assert settings.changed(port=9001).port == 9001
    with pytest.raises(ConfigError, match="PORT"):
        settings.changed(port=0)


def test_no_secret_key_is_written_in_the_source():
    """Without SECRET_KEY a development process makes its own random key; production refuses to start."""
    first, second = Settings.from_env({"DATABASE_URL": DB}), Settings.from_env({"DATABASE_URL": DB})
    assert first.ephemeral_secret and first.secret_key != second.secret_key and len(first.secret_key) > 40
    assert first.changed(port=9001).secret_key == first.secret_key
    given = Settings.from_env({"DATABASE_URL": DB, "SECRET_KEY": "k" * 40})
    assert (given.secret_key, given.ephemeral_secret) == ("k" * 40, False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env({"DATABASE_URL": DB, "ENVIRONMENT": "production"})


def test_make_run_keeps_one_secret_key_per_checkout(tmp_path, monkeypatch):
    from scripts import local_services
    monkeypatch.setattr(local_services, "DATA_DIR", tmp_path)
    key = local_services.secret_key()
    assert len(key) > 40 and local_services.secret_key() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
