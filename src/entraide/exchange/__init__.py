"""Secure exchange between nodes: keys, peers, envelopes, evidences, outbox and inbox."""
