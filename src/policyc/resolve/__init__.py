"""Resolve stage: a ticket's route through the IR (`rules`: tier, severity, conditions,
escalation) and its due times in business hours (`businesstime`: stdlib + zoneinfo)."""
