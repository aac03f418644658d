"""Which registered numbers changed, were added or disappeared between two editions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NumberChanges:
    changed: list[dict] = field(default_factory=list)  # namn, kapitel, fore, efter, enhet
    added: list[dict] = field(default_factory=list)  # register entries only in the new edition
    removed: list[dict] = field(default_factory=list)  # register entries only in the old edition
    unchanged: int = 0

    @property
    def unmatched(self) -> list[str]:
        """Names found in only one of the editions (renamed numbers show up here)."""
        return sorted(e["namn"] for e in self.added + self.removed)


def compare_numbers(old: list[dict], new: list[dict]) -> NumberChanges:
    before = {e["namn"]: e for e in old}
    after = {e["namn"]: e for e in new}
    out = NumberChanges()
    for name, e in after.items():
        if name not in before:
            out.added.append(e)
        elif before[name]["varde"] != e["varde"]:
            out.changed.append(
                {
                    "namn": name,
                    "kapitel": e["kapitel"],
                    "fore": before[name]["varde"],
                    "efter": e["varde"],
                    "enhet": e.get("enhet", ""),
                }
            )
        else:
            out.unchanged += 1
    out.removed = [e for name, e in before.items() if name not in after]
    return out
