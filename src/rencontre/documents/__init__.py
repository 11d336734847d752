"""Documents for people: agendas as text, CSV and iCalendar."""
