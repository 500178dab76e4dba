"""Reviews: renters rate the spots they parked at, owners respond, others vote them helpful, admins hide them."""
