"""Notifications for the e-government core: queued per unit, sent by e-mail, SMS gateway or console."""
