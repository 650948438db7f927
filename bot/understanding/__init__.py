"""Parsers only the app uses: meetings, savings, transactions, dates, language.

They run in the web app, the worker and the actions, never inside the Rasa server,
so editing them does not retrain the model (bot/ is not a training input of
devtools/setup_tasks.py). They may import the Rasa-side helpers in nlu/ (normalize,
keywords, money); nlu/ never imports from here.
"""
