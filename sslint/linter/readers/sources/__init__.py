"""Readers for generic structured sources (YAML, TOML, INI) that other readers build on."""
