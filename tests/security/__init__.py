"""Security: hostile input in codebooks, CSV outputs and server settings."""
