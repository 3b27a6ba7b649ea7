"""What every command needs: the settings and a migrated database, made once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from bot.settings import Settings, load_settings
from storage.db import open_database


@dataclass(frozen=True)
class Context:
    settings: Settings
    engine: Engine
    pushing: set[int] = field(default_factory=set, compare=False)
    """Digests this process is pushing now: one push of a digest at a time."""

    @classmethod
    def load(cls, settings: Settings | None = None) -> Context:
        """Read the settings (unless given) and open the database, applying migrations."""
        settings = settings or load_settings()
        return cls(settings=settings, engine=open_database(settings.database_url))
