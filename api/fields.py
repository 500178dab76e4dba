"""Field types shared by request models."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # the same rule as users_email_format


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 255 or not EMAIL_PATTERN.match(value):
        raise ValueError("not a valid email address")
    return value


Email = Annotated[str, AfterValidator(_email)]
Password = Annotated[str, Field(min_length=8, max_length=256)]
FullName = Annotated[str, Field(min_length=1, max_length=255, pattern=r"\S")]
Phone = Annotated[str, Field(max_length=20, pattern=r"^\+?[0-9 ()-]{4,20}$")]
