[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "${distribution}"
version = "0.1.0"
description = "${title}: a plug-in of the e-government core"
readme = "README.md"
requires-python = ">=3.11"
# The core is the host, not a dependency: core_compat in the manifest says which versions of it this runs on.
dependencies = []

[project.entry-points."egov.plugins"]
${name} = "${package}.manifest:MANIFEST"

[tool.setuptools.packages.find]
include = ["${package}*"]

[tool.setuptools.package-data]
"${package}" = ["templates/**/*.html", "locale/*/LC_MESSAGES/*"]

[tool.pytest.ini_options]
DJANGO_SETTINGS_MODULE = "core.settings"
testpaths = ["tests"]
