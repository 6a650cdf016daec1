"""``python -m training line|doodle|chernoff``: see :mod:`training.run`."""

from training.run import main

main()
