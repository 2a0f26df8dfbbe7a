# ${title}

A plug-in of the e-government core (id `${name}`).

    pip install -e .                       # in the core's environment
    EGOV_PLUGINS=${name} egov migrate      # allow it; its tables are created in every unit
    egov modules enable ${name} --unit <code>
    python -m pytest                       # its tests, with the core installed

See docs/plugins/README.md in the core for the manifest, hooks, settings and what is public API.
