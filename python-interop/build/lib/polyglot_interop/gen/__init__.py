"""Stubs generated from proto/ by tools/generate_stubs.py (git-ignored). Do not edit."""
