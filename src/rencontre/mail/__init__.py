"""E-mail: messages to participants and organisers, sent by SMTP or left in an outbox folder."""
