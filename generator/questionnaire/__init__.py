"""The questionnaire: its typed model, reading its YAML with positions, located messages, checks and loading."""
