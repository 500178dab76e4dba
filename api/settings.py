"""Typed settings read from the environment, with safe development defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

DEV_SECRET_KEY = "development-only-secret-key-never-use-in-production"


class ConfigError(RuntimeError):
    """The settings cannot be used (e.g. production with the development secret)."""


@dataclass(frozen=True)
class Settings:
    environment: str = "development"          # development | test | production
    secret_key: str = DEV_SECRET_KEY
    database_url: str = ""
    redis_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    db_pool_min: int = 2
    db_pool_max: int = 10
    access_token_minutes: int = 30
    refresh_token_days: int = 7
    search_cache_seconds: int = 300
    spot_cache_seconds: int = 600
    argon2_time_cost: int = 3                 # argon2-cffi's recommended parameters
    argon2_memory_kib: int = 65536
    password_reset_minutes: int = 60
    password_reset_url: str = "http://127.0.0.1:8000/reset-password?token={token}"
    auth_max_failures: int = 10               # login failures / reset requests per account and per IP...
    auth_window_seconds: int = 900            # ...in this window, then 429 with Retry-After
    google_client_id: str = ""                # OAuth sign-in is off for a provider without a client id
    google_issuer: str = "https://accounts.google.com,accounts.google.com"  # Google uses both
    google_jwks_url: str = "https://www.googleapis.com/oauth2/v3/certs"
    facebook_client_id: str = ""
    facebook_issuer: str = "https://www.facebook.com"
    facebook_jwks_url: str = "https://limited.facebook.com/.well-known/oauth/openid/jwks/"
    stripe_secret_key: str = ""               # empty: payments are off (bookings confirm without a charge)
    stripe_webhook_secret: str = ""           # whsec_... of the webhook endpoint
    stripe_api_base: str = ""                 # tests point the stripe SDK at a local fake server
    currency: str = "usd"
    connect_return_url: str = "http://127.0.0.1:8000/owner/payouts?onboarding=done"
    connect_refresh_url: str = "http://127.0.0.1:8000/owner/payouts?onboarding=retry"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for field in fields(cls):
            raw = env.get(field.name.upper())
            if raw is None or raw == "":
                continue
            values[field.name] = int(raw) if field.type == "int" else raw
        return cls(**values)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def payments_enabled(self) -> bool:
        return bool(self.stripe_secret_key)

    def validate(self) -> "Settings":
        if self.environment not in ("development", "test", "production"):
            raise ConfigError(f"ENVIRONMENT must be development, test or production, not {self.environment!r}")
        if not self.database_url:
            raise ConfigError("DATABASE_URL is not set (make run sets it to the private cluster)")
        if self.production and (self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32):
            raise ConfigError("refusing to start in production with the development SECRET_KEY "
                              "(set SECRET_KEY to a random string of at least 32 characters)")
        if self.db_pool_min > self.db_pool_max:
            raise ConfigError("DB_POOL_MIN must not exceed DB_POOL_MAX")
        return self
