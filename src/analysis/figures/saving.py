"""Saving figures as PNG, in place, with bytes that depend only on the figure."""

from __future__ import annotations

from pathlib import Path


def save_png(fig, path: Path) -> None:
    """Save `fig` as PNG at `path` (no software stamp, so the bytes are reproducible)."""
    fig.savefig(path, metadata={"Software": None})
