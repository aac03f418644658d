"""What the build tells the user while it runs, and the closing summary (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

console = Console(stderr=True, highlight=False)


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


class Progress:
    """One line when a chapter starts, ends or is reused; quiet in tests."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    def note(self, text: str) -> None:
        if self.enabled:
            console.print(text)

    def started(self, job) -> None:
        self.note(f"Kör kapitlet {job.title} …")

    def done(self, outcome) -> None:
        mark = "[green]klart[/]" if outcome.ok else "[red]misslyckades[/]"
        self.note(f"Kapitlet {outcome.title}: {mark} ({_seconds(outcome.seconds)})")

    def reused(self, outcome) -> None:
        what = "koden oförändrad, ny text från mallen" if outcome.new_prose else "oförändrat"
        self.note(f"Kapitlet {outcome.title}: {what}, återanvänder förra körningen")


def summary(report) -> Table:
    table = Table(title="Bygget är klart", show_lines=False)
    table.add_column("Kapitel")
    table.add_column("Körning")
    table.add_column("Tid", justify="right")
    for o in report.outcomes:
        table.add_row(o.title, o.run_label(), "–" if o.reused else _seconds(o.seconds))
    return table
