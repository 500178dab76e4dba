"""Typed settings read from the environment (pydantic-settings), with safe development defaults.

Every value is checked when the settings are built: a wrong type or a value out of range stops the
service with an error naming the environment variable (`PORT: Input should be a valid integer`),
and production refuses to start without a SECRET_KEY. The server (scripts/serve.py) and the app read
host, port and workers from the same object.
"""
from __future__ import annotations

import re
import secrets
from typing import Annotated, Literal, Mapping

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EPHEMERAL = "ephemeral:"  # marks a SECRET_KEY made for this process because none was given (not production)

Positive = Annotated[int, Field(ge=1)]
Url = Annotated[str, Field(max_length=2048)]
IGNORE_ENVIRONMENT = "PARKINGSPOTS_NOT_FROM_ENV_"  # an env prefix no variable has: read none of them
ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")
# The mobile app's web build as the Expo web dev server serves it (Metro: 8081, webpack: 19006).
DEV_ORIGINS = frozenset(f"http://{host}:{port}" for host in ("localhost", "127.0.0.1") for port in (8081, 19006))


class ConfigError(RuntimeError):
    """The settings cannot be used (a bad value, or production with the development secret)."""


def _describe(exc: ValidationError) -> str:
    """'PORT: Input should be a valid integer; WORKERS: ...' (the variables as the environment names them)."""
    parts = []
    for error in exc.errors(include_url=False):
        names = [str(p).upper() for p in error["loc"]]
        message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
        parts.append(f"{'.'.join(names)}: {message}" if names else message.removeprefix("Value error, "))
    return "; ".join(parts)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, env_ignore_empty=True, extra="forbid")

    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = ""                       # signs tokens; see _secret_key below
    database_url: Annotated[str, Field(min_length=1, description="make run sets it to the private cluster")]
    redis_url: Url = ""
    redis_cluster: bool = False               # REDIS_URL names one node of a Redis Cluster (the client finds the rest)
    # Streaming replicas for reads (comma-separated URLs; empty: every query on DATABASE_URL). A replica
    # lagging more than replica_max_lag_seconds, or down, is not read from until it catches up.
    database_replica_urls: Annotated[str, Field(max_length=8192)] = ""
    replica_max_lag_seconds: Annotated[float, Field(gt=0, le=3600)] = 5
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    db_pool_min: Annotated[int, Field(ge=0, le=100)] = 2
    db_pool_max: Annotated[int, Field(ge=1, le=100)] = 10
    access_token_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30
    refresh_token_days: Annotated[int, Field(ge=1, le=365)] = 7
    # A spent refresh token presented again this soon gets the same successor (racing tabs, a retry);
    # later it revokes its family. 0: never.
    refresh_reuse_grace_seconds: Annotated[int, Field(ge=0, le=300)] = 30
    search_cache_seconds: Annotated[int, Field(ge=1, le=86_400)] = 300
    spot_cache_seconds: Annotated[int, Field(ge=1, le=86_400)] = 600
    argon2_time_cost: Annotated[int, Field(ge=1, le=20)] = 2          # OWASP's minimum 19 MiB x 2 (api/core/passwords.py)
    argon2_memory_kib: Annotated[int, Field(ge=8, le=4 * 1024 * 1024)] = 19 * 1024
    password_hash_concurrency: Annotated[int, Field(ge=1, le=64)] = 1  # hashes at once per worker
    password_hash_queue: Annotated[int, Field(ge=0, le=10_000)] = 32   # more waiting: 503 login_busy
    password_reset_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60
    password_reset_url: Annotated[Url, Field(pattern=r"\{token\}")] = "http://127.0.0.1:8000/reset-password?token={token}"
    auth_max_failures: Positive = 10          # failed logins per (account, IP), reset requests per account / IP...
    auth_window_seconds: Positive = 900       # ...in this window, then 429 with Retry-After
    login_ip_max_failures: Positive = 100     # failed logins per IP over all accounts in the window
    login_account_guard_failures: Positive = 20  # an account with this many failed logins in the window
    login_guarded_max_failures: Positive = 3     # ...refuses each IP that has failed on it this often
    google_client_id: str = ""                # OAuth sign-in is off for a provider without a client id
    google_issuer: str = "https://accounts.google.com,accounts.google.com"  # Google uses both
    google_jwks_url: Url = "https://www.googleapis.com/oauth2/v3/certs"
    facebook_client_id: str = ""
    facebook_issuer: str = "https://www.facebook.com"
    facebook_jwks_url: Url = "https://limited.facebook.com/.well-known/oauth/openid/jwks/"
    stripe_secret_key: str = ""               # empty: payments are off (bookings confirm without a charge)
    stripe_webhook_secret: str = ""           # whsec_... of the platform's webhook endpoint
    stripe_connect_webhook_secret: str = ""   # whsec_... of the Connect endpoint (connected accounts' events)
    stripe_publishable_key: str = ""          # pk_...: the apps' Stripe SDKs collect card details with it
    stripe_api_base: Url = ""                 # tests point the stripe SDK at a local fake server
    stripe_outbox_seconds: Annotated[float, Field(gt=0, le=3600)] = 5  # how often each worker makes queued Stripe calls
    currency: Annotated[str, Field(pattern=r"^[a-z]{3}$")] = "usd"
    metrics_token: str = ""                   # /metrics needs it as a bearer token; empty: loopback clients only
    cache_single_flight: bool = True          # one request computes a missing cache entry, the others wait for it
    connect_return_url: Url = "http://127.0.0.1:8000/owner/payouts?onboarding=done"
    connect_refresh_url: Url = "http://127.0.0.1:8000/owner/payouts?onboarding=retry"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"  # our loggers and Sanic's
    cors_origins: str | None = None           # comma-separated origins, or "*"; unset: DEV_ORIGINS, none in production
    # The WebSocket /api/v1/ws (api/realtime): spots one connection may watch, connections per user
    # (all workers), messages held for a client (beyond that it catches up from the events table),
    # how long a client may stop reading before it is disconnected, the largest message a client
    # may send, protocol pings, how often open connections' tokens are checked.
    ws_max_spots: Annotated[int, Field(ge=1, le=10_000)] = 100
    ws_max_connections_per_user: Annotated[int, Field(ge=1, le=1000)] = 10
    ws_send_queue: Annotated[int, Field(ge=8, le=100_000)] = 256
    ws_max_lag_seconds: Annotated[int, Field(ge=1, le=3600)] = 30
    ws_max_message_bytes: Annotated[int, Field(ge=1024, le=1024 * 1024)] = 16 * 1024
    ws_ping_seconds: Annotated[int, Field(ge=1, le=3600)] = 20
    ws_auth_check_seconds: Annotated[int, Field(ge=1, le=3600)] = 60

    def __init__(self, **values) -> None:
        """Values given here win over the environment; ConfigError (naming the variable) if any is bad."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings from `env` (os.environ when None); unset or empty variables keep their default."""
        if env is None:
            return cls()
        names = set(cls.model_fields)
        return cls.from_values(**{key.lower(): value for key, value in env.items()
                                  if key.lower() in names and value != ""})

    @classmethod
    def from_values(cls, **values) -> "Settings":
        """Exactly these values and the defaults: the environment is not read (tests, copies)."""
        return cls(_env_prefix=IGNORE_ENVIRONMENT, **values)

    def changed(self, **changes) -> "Settings":
        """A copy with some values changed, checked again."""
        return self.from_values(**{**self.model_dump(), **changes})

    @model_validator(mode="before")
    @classmethod
    def _secret_key(cls, values):
        """No key is written in the source. Outside production a missing SECRET_KEY becomes a random
        key of this process (tokens then die with it: `make run` keeps one in .data/secret_key)."""
        if isinstance(values, dict) and not values.get("secret_key") \
                and values.get("environment", "development") != "production":
            values = {**values, "secret_key": EPHEMERAL + secrets.token_urlsafe(48)}
        return values

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value):
        return value.upper() if isinstance(value, str) else value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str | None) -> str | None:
        """Each origin is scheme://host[:port] (no path); "*" only alone."""
        if value is None:
            return None
        origins = [origin.strip().lower() for origin in value.split(",") if origin.strip()]
        if "*" in origins and len(origins) > 1:
            raise ValueError('"*" admits every origin: give it alone')
        for origin in origins:
            if origin != "*" and not ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://app.example.com or http://localhost:8081")
        return ",".join(origins)

    @model_validator(mode="after")
    def _consistent(self) -> "Settings":
        if self.production and len(self.secret_key) < 32:
            raise ValueError("refusing to start in production without a SECRET_KEY of at least 32 random characters")
        if self.db_pool_min > self.db_pool_max:
            raise ValueError("DB_POOL_MIN must not exceed DB_POOL_MAX")
        return self

    @property
    def ephemeral_secret(self) -> bool:
        return self.secret_key.startswith(EPHEMERAL)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def allowed_origins(self) -> frozenset[str]:
        """The origins browsers may call us from: CORS_ORIGINS, or by default the Expo web dev server
        outside production and none in production. {"*"}: any origin."""
        if self.cors_origins is None:
            return frozenset() if self.production else DEV_ORIGINS
        return frozenset(filter(None, self.cors_origins.split(",")))

    @property
    def replica_urls(self) -> tuple[str, ...]:
        return tuple(url.strip() for url in self.database_replica_urls.split(",") if url.strip())

    @property
    def payments_enabled(self) -> bool:
        return bool(self.stripe_secret_key)

    @property
    def stripe_livemode(self) -> bool:
        """Whether the key moves real money (sk_live_/rk_live_): events of the other mode are not ours."""
        return self.stripe_secret_key.startswith(("sk_live_", "rk_live_"))
