"""What every domain builds on: settings, the typed app context, the pool and named queries, Redis,
the cache, database events, password hashing, the Stripe client, errors, validation, paging, JSON,
rate limits, health and metrics. Imports nothing from the other api packages."""
