"""Renderers: pure functions from geometry and options to SVG text."""
