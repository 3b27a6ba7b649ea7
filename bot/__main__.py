"""`python -m bot` runs the same command line as `digestbot`."""

from bot.cli import main

main()
