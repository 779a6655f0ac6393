"""Inversion methods: the base-code encoder (Eq. 2), hybrid inversion (Eqs. 3-5), PTI, IDInvert and SAM."""
