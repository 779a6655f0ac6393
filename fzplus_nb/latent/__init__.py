"""The latent spaces of the paper (Z, Z+, W, W+, W+(P_N), S and the F spaces): codes, projection (Eq. 5), P_N statistics."""
