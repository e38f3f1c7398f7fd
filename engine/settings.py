"""Settings, read once from the environment into one frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "tastemap"


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with offline defaults. Build it with `Settings.from_env()`."""

    db_path: Path = field(default_factory=lambda: _data_dir() / "tastemap.sqlite3")
    cache_dir: Path = field(default_factory=lambda: Path(os.environ["NUMBA_CACHE_DIR"]).parent)
    seed: int = 42
    max_items: int = 20_000
    max_file_bytes: int = 20 * 1024 * 1024
    max_title_chars: int = 300

    # Embeddings: "local" (multilingual USE, offline) or "openai".
    embeddings: str = "local"
    embed_model: str = "text-embedding-3-small"
    embed_threads: int = 1

    # LLM (any OpenAI-compatible server); off unless a key or a base URL is given.
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 30.0
    llm_deadline: float = 90.0

    # Telegram.
    telegram_token: str | None = None
    telegram_api_url: str | None = None
    telegram_file_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_port: int = 8443
    workers: int = 2

    share_library_items: bool = False

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read the settings from `env` (default: the process environment)."""
        env = dict(os.environ if env is None else env)
        defaults = cls()
        db = env.get("TASTEMAP_DB", "").strip()
        embeddings = env.get("TASTEMAP_EMBEDDINGS", "local").strip().lower() or "local"
        if embeddings not in {"local", "openai"}:
            raise ValueError(
                f"TASTEMAP_EMBEDDINGS must be 'local' or 'openai', got {embeddings!r}"
            )
        return cls(
            db_path=Path(db).expanduser() if db else defaults.db_path,
            cache_dir=defaults.cache_dir,
            seed=_int(env, "TASTEMAP_SEED", defaults.seed),
            max_items=_int(env, "TASTEMAP_MAX_ITEMS", defaults.max_items),
            max_file_bytes=_int(env, "TASTEMAP_MAX_FILE_BYTES", defaults.max_file_bytes),
            embeddings=embeddings,
            embed_model=env.get("TASTEMAP_EMBED_MODEL", "").strip() or defaults.embed_model,
            embed_threads=_int(env, "TASTEMAP_EMBED_THREADS", defaults.embed_threads),
            openai_api_key=env.get("OPENAI_API_KEY", "").strip() or None,
            openai_base_url=env.get("OPENAI_BASE_URL", "").strip() or None,
            llm_model=env.get("TASTEMAP_LLM_MODEL", "").strip() or defaults.llm_model,
            llm_timeout=_float(env, "TASTEMAP_LLM_TIMEOUT", defaults.llm_timeout),
            llm_deadline=_float(env, "TASTEMAP_LLM_DEADLINE", defaults.llm_deadline),
            telegram_token=env.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            telegram_api_url=env.get("TASTEMAP_TELEGRAM_API_URL", "").strip() or None,
            telegram_file_url=env.get("TASTEMAP_TELEGRAM_FILE_URL", "").strip() or None,
            webhook_url=env.get("TASTEMAP_WEBHOOK_URL", "").strip() or None,
            webhook_secret=env.get("TASTEMAP_WEBHOOK_SECRET", "").strip() or None,
            webhook_port=_int(env, "TASTEMAP_WEBHOOK_PORT", defaults.webhook_port),
            workers=_int(env, "TASTEMAP_WORKERS", defaults.workers),
            share_library_items=_flag(env, "TASTEMAP_SHARE_LIBRARY_ITEMS", False),
        )

    def public(self) -> dict[str, object]:
        """The settings as a dict safe to print: secrets are replaced by whether they are set."""
        shown: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name in {"openai_api_key", "telegram_token", "webhook_secret"}:
                value = "set" if value else "not set"
            shown[name] = str(value) if isinstance(value, Path) else value
        shown["llm_enabled"] = self.llm_enabled
        return shown
