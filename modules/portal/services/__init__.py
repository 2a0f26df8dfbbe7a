"""The portal's API for other modules: the files a citizen attached to an online dossier."""

from modules.portal.services.uploads import file_content, files_of

__all__ = ["file_content", "files_of"]
