"""ParkingSpots HTTP layer: thin Sanic blueprints over named SQL queries."""
