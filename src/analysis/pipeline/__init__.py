"""From dataset to book: chapter registry, notebook execution, cache, book build, manifest."""
