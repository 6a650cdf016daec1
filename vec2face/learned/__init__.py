"""Trained models in numpy: the weights loader, the line and doodle models, landmark geometry."""
