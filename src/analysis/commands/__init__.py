"""Sub-commands of `python -m analysis` that are more than a call into the pipeline."""
