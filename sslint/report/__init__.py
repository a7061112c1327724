"""Reports: findings to text, SARIF, JSON (and more formats as they land)."""
