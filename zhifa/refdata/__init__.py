"""The reference data the platform loads (regions, provisions, benchmarks, no-penalty lists), kept
inside the project so that a clone works on its own. Settings-free: the pure core reads it too.
Provenance (source, date copied, sha256 of each file) is in README.md beside this file."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
FILES = ("regions.json", "provisions.json", "benchmarks.json", "no_penalty_lists.json")
