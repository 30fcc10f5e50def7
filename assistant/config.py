"""All configuration in one place: environment variables prefixed POLICYQA_, offline defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_DIR / "data" / "decisions"


@dataclass(frozen=True)
class Settings:
    home: Path  # POLICYQA_HOME: the store directory

    @classmethod
    def from_env(cls) -> "Settings":
        home = os.environ.get("POLICYQA_HOME")
        return cls(home=Path(home).expanduser() if home else PROJECT_DIR / "var")
