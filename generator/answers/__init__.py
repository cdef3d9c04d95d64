"""Answers documents: their model, their validation against a questionnaire, and the importers (JSON, JSONL, CSV)."""
