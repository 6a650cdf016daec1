"""Reading vectors from files and writing outputs atomically."""
