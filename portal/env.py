"""Reading configuration from environment variables.

Every variable the portal reads is listed in README.md with its default.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_required(name: str) -> str:
    """A value production cannot run without: fail at start-up, not at first use."""
    value = os.environ.get(name, "")
    if not value.strip():
        raise ImproperlyConfigured(f"Environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be an integer, not {value!r}."
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choices(name: str, allowed: set[str], default: list[str]) -> tuple[str, ...]:
    """A comma-separated list whose items must each be one of `allowed`."""
    values = tuple(env_list(name, default))
    if unknown := set(values) - allowed:
        raise ImproperlyConfigured(
            f"Environment variable {name}: unknown value(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}."
        )
    return values
