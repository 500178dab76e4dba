"""Payments (optional, Stripe): PaymentIntents, signed webhooks, refunds, Connect onboarding and owners'
payouts."""
