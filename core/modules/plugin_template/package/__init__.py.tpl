"""${title}: a plug-in of the e-government core."""
