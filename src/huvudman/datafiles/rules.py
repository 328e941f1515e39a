"""Rule configuration files (TOML) and the presets shipped with huvudman."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from huvudman.datafiles.errors import InputError
from huvudman.placement.config import ConfigError, RuleConfig, parse_config

DEFAULT_PRESET = "sibling-proximity"


def preset_names() -> list[str]:
    """Names of the shipped presets."""
    folder = resources.files("huvudman.placement") / "presets"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir()
                  if p.name.endswith(".toml"))


def preset_text(name: str) -> str:
    """The TOML text of a shipped preset."""
    return (resources.files("huvudman.placement") / "presets" / f"{name}.toml").read_text("utf-8")


def load_rules(spec: str | None) -> RuleConfig:
    """A rule configuration from a TOML file path or a preset name (default preset if None)."""
    spec = spec or DEFAULT_PRESET
    path = Path(spec)
    if spec in preset_names():
        text, origin = preset_text(spec), Path(f"preset:{spec}")
    elif path.is_file():
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            raise InputError(path, "not valid UTF-8 text") from None
        origin = path
    else:
        known = ", ".join(preset_names())
        raise InputError(path, f"no such rules file or preset; presets: {known}")
    try:
        return parse_config(tomllib.loads(text))
    except tomllib.TOMLDecodeError as err:
        raise InputError(origin, f"not valid TOML: {err}") from None
    except ConfigError as err:
        raise InputError(origin, str(err)) from None
