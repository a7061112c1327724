"""The Python reader: one parse, gate-word statements, values and strings."""
