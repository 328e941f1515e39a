"""Families and their applications: ranking, confirming, reminders, school facts."""
