"""The executive sponsorship programme: customers at risk get a named executive sponsor."""
