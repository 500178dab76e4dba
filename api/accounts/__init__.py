"""Accounts: registration and sign-in (password and OAuth), JWTs, profiles, admin user management,
and the @authenticated guard every other domain uses."""
