"""The organiser's desk (`/organiser/`): the missions she organises, nothing of anyone else's."""
