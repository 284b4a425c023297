"""The staff rules for personal social media as content: default guidance and the yearly attestation."""
