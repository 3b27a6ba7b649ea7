"""Pure text processing: articles in, a digest out (no Telegram, no database)."""
