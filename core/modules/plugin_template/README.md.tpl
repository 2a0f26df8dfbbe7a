# ${title}

A plug-in of the e-government core (id `${name}`).

    pip install -e .                       # in the core's environment
    EGOV_PLUGINS=${name} egov migrate      # allow it; its tables are created in every unit
    egov modules enable ${name} --unit <code>
    EGOV_PLUGINS=${name} python -m pytest  # its tests, with the core installed

The package has the rooms of the core's own modules: `manifest.py`, `models.py` and `migrations/`, `services/` (the
only public surface: other code imports nothing else), `hooks.py` (the hooks it sends) and `receivers.py` (those it
receives), `api/schema.py` (GraphQL), `tasks.py`, `urls.py` and `views.py`, `locale/`, with `tests/` and `docs/`
beside it. See docs/plugins/README.md in the core for the manifest, hooks, settings and what is public API.
