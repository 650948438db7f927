"""Indonesian chat understanding that runs inside the Rasa server.

Pure Python (no imports from bot/), so the same code loads in Rasa's Python 3.10
environment and in the app's environment.
"""
