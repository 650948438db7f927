"""WhatsApp in and out: Twilio webhooks, the relay to Rasa, the outbox."""
