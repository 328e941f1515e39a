"""Services: the use cases that the command line (and later the portal) call.

They read inputs through adapters, run the pure cores and write results.
"""
