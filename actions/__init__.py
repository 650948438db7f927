"""rasa-sdk custom actions: thin, they read the message and call bot/ services."""
