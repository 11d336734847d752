"""The participant's space (`/me/`): who I am, my mission, my agenda in every format."""
