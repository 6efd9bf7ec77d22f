"""Marketplace segmentation: generator, loaders and tooling around the dbt project."""

__version__ = "0.1.0"
