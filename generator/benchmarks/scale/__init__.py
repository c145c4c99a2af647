"""The scale benchmark: a corpus generator from real material, and the measured build."""
