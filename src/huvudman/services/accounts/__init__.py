"""Accounts: staff accounts, passwords, sign-in through e-identification."""
