"""Readers for tool configuration files.

pip, conda, git, npm, yarn, curl, wget, apt, yum and TOML tool settings.
"""
