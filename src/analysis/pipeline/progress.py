"""Progress display per chapter and the closing summary (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

console = Console(stderr=True, highlight=False)


class Progress:
    """One line per chapter while it runs; quiet in tests."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._live = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import Progress as RichProgress
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self._live = RichProgress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                console=console, transient=False,
            )
            self._tasks = {}
            self._live.__enter__()
        return self

    def __exit__(self, *exc):
        if self._live:
            self._live.__exit__(*exc)
            self._live = None

    def started(self, job) -> None:
        if self._live:
            self._tasks[job.key] = self._live.add_task(f"Kör kapitlet {job.title} …", total=1)

    def done(self, outcome) -> None:
        if self._live:
            mark = "[green]klart[/]" if outcome.ok else "[red]misslyckades[/]"
            self._live.update(
                self._tasks[outcome.key], completed=1,
                description=f"Kapitlet {outcome.title}: {mark}",
            )

    def reused(self, outcome) -> None:
        if self.enabled:
            what = "koden oförändrad, ny text från mallen" if outcome.new_prose else "oförändrat"
            console.print(f"Kapitlet {outcome.title}: {what}, återanvänder förra körningen")

    def note(self, text: str) -> None:
        if self.enabled:
            console.print(text)


def summary(report) -> Table:
    table = Table(title="Bygget är klart", show_lines=False)
    table.add_column("Kapitel")
    table.add_column("Körning")
    table.add_column("Tid", justify="right")
    for o in report.outcomes:
        seconds = "–" if o.reused else f"{o.seconds:.1f} s".replace(".", ",")
        table.add_row(o.title, o.run_label(), seconds)
    return table
