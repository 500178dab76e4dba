"""Parking spots: owners' listings, search and the map viewport, availability calendars and blackouts."""
