"""Notices to citizens and staff about their dossiers, sent through the notify plug-in's channels."""
