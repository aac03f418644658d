"""Small Sphinx extensions of the book, loaded from `_config.yml` (`sphinx.extra_extensions`)."""
