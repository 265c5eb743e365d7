"""The package stage's shared parts: runtime and media files (files.py), the official
schemas and validation against them (schemas.py), and deterministic zips (zipper.py).
The per-format manifests live in compiler/targets/."""
