"""What the audit log says of the desk's decisions on meeting requests, in catalog sentences.

The services that make these changes record them with these message ids; each entry is
translated when an organiser reads the log, like any text of a document.
"""

from __future__ import annotations

from rencontre.documents.i18n import N_

MATCHING_STARTED = N_("Matching started: its proposals will replace the current ones.")
PROPOSAL_APPROVED = N_("Proposal approved: %(requester)s asks %(requested)s for a meeting.")
PROPOSAL_REJECTED = N_("Proposal rejected: %(requester)s and %(requested)s.")
REQUESTS_CLOSED = N_("Meeting requests closed.")
REQUESTS_REOPENED = N_("Meeting requests reopened.")
