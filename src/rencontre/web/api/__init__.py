"""The REST API (`/api/v1/…`), described at `/api/openapi.json` and `/api/docs`."""
