"""Documents for people, in their language: agendas (text, CSV, iCalendar, HTML and PDF) and
the organiser's master grid (CSV, XLSX, PDF)."""
