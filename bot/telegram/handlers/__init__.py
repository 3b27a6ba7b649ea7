"""Telegram handlers, one small coroutine per command; bot/app.py registers them all."""
