"""HTTP blueprints: Twilio webhooks, the NLG endpoint Rasa calls, health."""
