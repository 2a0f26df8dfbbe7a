"""The core's root fields of each endpoint; modules add theirs through their manifests."""
