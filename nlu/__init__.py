"""Indonesian chat understanding that runs inside the Rasa server.

Only what Rasa loads lives here: the pipeline components (components.py) and what
they use: chat respelling (normalize.py), keyword readers (keywords.py) and the
rupiah reader (money.py). Every file here is a training input, so editing one
retrains the model. Parsers only the app uses (meetings, savings, transactions,
dates, language) are in bot/understanding/, which may import from here.

Pure Python with no imports from bot/ (tests/unit/test_understanding_layout.py
checks it), so the same code loads in Rasa's Python 3.10 environment and in the
app's environment.
"""
