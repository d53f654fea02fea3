"""A unit's place in the portal: who may do what (roles), what it is given (provisioning), its files."""
