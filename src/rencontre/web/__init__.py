"""The web platform: server-rendered pages for participants and organisers, and the API.

`rencontre.web.app.create_app` builds the application. Sub-packages serve one audience each
(`participant`, `organiser`, `api`) over the shared `auth` (sessions, sign-in, personal
links), `security` (headers, CSRF), `i18n` (the page's language) and `pages` (templates).
"""
