"""Tests that the pages stay bounded as the data grows: query counts and query plans."""
