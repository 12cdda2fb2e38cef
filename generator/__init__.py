"""graphdoc: Microsoft Graph reference pages into one typed model, and everything built on it."""
