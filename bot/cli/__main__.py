"""`python -m bot.cli`: the gapbot command."""

from bot.cli.main import main

raise SystemExit(main())
