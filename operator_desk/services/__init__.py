"""Links to the outside world: CRM, library sync, secrets."""
