"""Readers for scripts and build files.

Shell, Dockerfile, Makefile, compose, tox, package.json, and the word model they share.
"""
