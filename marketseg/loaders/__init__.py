"""Loaders that write real data sets in the raw contract."""
