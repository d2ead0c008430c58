"""The desk's core: tenants, routing, greetings, scripts, calls. Imports no Qt, pjsua2 or httpx."""
