"""The only package that knows tables and sessions (SQLModel on SQLite or PostgreSQL)."""
