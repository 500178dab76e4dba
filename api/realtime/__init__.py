"""Real-time events over the WebSocket /api/v1/ws: each database event (db/rules/70_events.sql) is
relayed to the connections allowed to see it, and a client that reconnects resumes where it left."""
