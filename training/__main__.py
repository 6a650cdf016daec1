"""``python -m training line|doodle``: see :mod:`training.run`."""

from training.run import main

main()
