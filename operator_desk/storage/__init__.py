"""Local records in SQLite: history, outbox, drafts."""
