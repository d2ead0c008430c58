"""The call floor's shared PostgreSQL database (the one place that imports psycopg)."""
