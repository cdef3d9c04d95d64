"""Workshop mode: a small ASGI server that serves the built guide, collects answers and runs the room."""
