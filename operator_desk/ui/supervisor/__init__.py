"""The supervisor's window: the floor's agents, tenants and callbacks, live."""
