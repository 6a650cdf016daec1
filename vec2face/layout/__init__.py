"""Layouts: where each face of many goes."""
