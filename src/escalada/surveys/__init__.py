"""CSAT by private message after resolution, and click-counted links in replies."""
