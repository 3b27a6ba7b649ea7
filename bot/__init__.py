"""Wiring: Telegram, the scheduler and the command line around `digest` and `storage`."""
