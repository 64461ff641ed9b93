// Drift
