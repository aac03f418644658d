"""From dataset to book: chapter registry, notebook execution, cache, book build, manifest."""


class BuildError(RuntimeError):
    """A build step failed; the message is for the user (Swedish). Raised by the build and by the
    steps it starts (e.g. `analysis.sheets.background`), which import it from here, not from
    `pipeline.build`."""
