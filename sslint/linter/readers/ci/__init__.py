"""Readers for CI systems: workflow and pipeline files and the steps they run."""
