"""Forecasts: a family's chances, the administration's outlook, calibration."""
