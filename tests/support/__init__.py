"""What the tests share, kept out of the test files: the fakes (fake_botapi, yahoo_fake),
the reference data and independent expectations computed from it, the bots the tests
start and the chats they hold, clocks, the `gapbot` command run as a user runs it, and
waiting for something another process or thread does."""
