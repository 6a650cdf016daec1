"""Assembly: the public model, galleries, crowd maps and neighbour strips, built from the stages below."""
